// Nags until the admin says the recovery kit is safe: the secret key lives only in this
// computer's keychain, so without the kit a dead disk means unreadable backups.
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { routeHref } from '../../app/routes';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';

export function RecoveryKitBanner() {
  const api = useApi();
  // The contract confirms per recipient; the dashboard only knows "not saved", so confirm every
  // key-pair recipient the jobs use.
  const confirm = useAction(async () => {
    const { jobs } = await api.call('jobs.list', {});
    const recipients = new Set(jobs.flatMap((j) => (j.config.encryption.kind === 'x25519' ? j.config.encryption.recipients : [])));
    for (const recipient of recipients) await api.call('recoveryKit.confirmSaved', { recipient });
    return recipients.size;
  });
  return (
    <Banner
      tone="warning"
      title="Print the recovery kit"
      actions={
        <>
          <Button variant="primary" onClick={() => void confirm.run()} pending={confirm.pending} pendingLabel="Saving…">
            I have printed or saved it
          </Button>
          <a className="button button-quiet" href={routeHref({ name: 'jobs' })}>
            Create a new key and kit
          </a>
        </>
      }
    >
      <p>The key that opens your backups is only on this computer. If the computer is lost or its disk dies, the printed recovery kit is the only way to read the backups.</p>
      <ErrorPanel error={confirm.error} />
    </Banner>
  );
}
