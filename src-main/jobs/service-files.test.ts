import { describe, expect, it } from 'vitest';
import { launchdAgent, serviceFileFor, systemdUnit, windowsTask } from './service-files';

const target = { node: '/usr/bin/node', cli: '/opt/Life boat/bin/lifeboat.mjs', dataDir: '/home/ann/.config/Lifeboat' };

describe('service files', () => {
  it('systemd: a user service running the daemon, quoting paths with spaces', () => {
    const unit = systemdUnit(target, '/home/ann');
    expect(unit.path).toBe('/home/ann/.config/systemd/user/lifeboat.service');
    expect(unit.content).toContain('ExecStart=/usr/bin/node "/opt/Life boat/bin/lifeboat.mjs" daemon');
    expect(unit.content).toContain('Environment=LIFEBOAT_HOME=/home/ann/.config/Lifeboat');
    expect(unit.content).toMatch(/Restart=on-failure[\s\S]*WantedBy=default.target/);
    expect(unit.activate).toContain('systemctl --user enable --now lifeboat.service');
  });
  it('launchd: an agent kept alive, with XML-escaped arguments', () => {
    const plist = launchdAgent({ ...target, cli: '/a&b/lifeboat.mjs' }, '/Users/ann');
    expect(plist.path).toBe('/Users/ann/Library/LaunchAgents/app.lifeboat.daemon.plist');
    expect(plist.content).toContain('<string>/a&amp;b/lifeboat.mjs</string>');
    expect(plist.content).toMatch(/<key>KeepAlive<\/key>\s*<true\/>/);
  });
  it('Windows: a scheduled task running run-due every 15 minutes', () => {
    expect(windowsTask(target).content).toMatch(/^schtasks \/Create \/F \/TN "Lifeboat backups" \/SC MINUTE \/MO 15 \/TR ".*run-due"$/);
    expect(serviceFileFor('win32', target).platform).toBe('win32');
    expect(serviceFileFor('linux', target).platform).toBe('linux');
  });
});
