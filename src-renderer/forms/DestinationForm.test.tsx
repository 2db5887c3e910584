// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, FakeApi } from '../test/fake-api';
import { renderWithApi } from '../test/render';
import { DestinationForm } from './DestinationForm';

describe('DestinationForm', () => {
  it('offers Browse… only where the host can pick a folder', async () => {
    const onSaved = vi.fn();
    renderWithApi(<DestinationForm kind="folder" takenNames={[]} onSaved={onSaved} />, new FakeApi(), { pickFolder: async () => '/mnt/nas/lifeboat' });
    fireEvent.click(screen.getByRole('button', { name: 'Browse for the folder' }));
    await waitFor(() => expect((screen.getByLabelText('Folder (required)') as HTMLInputElement).value).toBe('/mnt/nas/lifeboat'));
  });

  it('has no Browse… button in a browser', () => {
    renderWithApi(<DestinationForm kind="folder" takenNames={[]} onSaved={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Browse for the folder' })).toBeNull();
  });

  it('fills the B2 endpoint from the region and shows the core’s field message', async () => {
    const api = new FakeApi({
      'destinations.save': () => {
        throw apiError('BAD_INPUT', 'bucket: must be at least 3 characters.', 'Correct bucket and try again.', { field: 'bucket' });
      },
    });
    renderWithApi(<DestinationForm kind="s3" takenNames={['b2']} suggestedName="b2-2" onSaved={() => undefined} />, api);
    expect((screen.getByLabelText('Name (required)') as HTMLInputElement).value).toBe('b2-2');
    fireEvent.change(screen.getByLabelText('Region (required)'), { target: { value: 'us-west-004' } });
    fireEvent.change(screen.getByLabelText('Bucket (required)'), { target: { value: 'office-backups' } });
    fireEvent.change(screen.getByLabelText('Key ID (required)'), { target: { value: '004abc' } });
    fireEvent.change(screen.getByLabelText('Secret key (required)'), { target: { value: 'K004secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    await waitFor(() =>
      expect(api.requests('destinations.save')[0]).toEqual({
        kind: 's3',
        name: 'b2-2',
        endpoint: 'https://s3.us-west-004.backblazeb2.com',
        region: 'us-west-004',
        bucket: 'office-backups',
        prefix: 'lifeboat/',
        accessKeyId: '004abc',
        secretAccessKey: 'K004secret',
      }),
    );
    await waitFor(() => expect(screen.getByLabelText('Bucket (required)').getAttribute('aria-invalid')).toBe('true'));
  });
});
