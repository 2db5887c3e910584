// What `lifeboat install-service` writes so backups run while the desktop app is closed:
// a systemd user service (Linux), a launchd agent (macOS) or a scheduled task (Windows).
// Pure text generators; the command writes or prints them.
import os from 'node:os';
import path from 'node:path';

export interface ServiceTarget {
  /** Absolute path of the node binary and the CLI entry script. */
  node: string;
  cli: string;
  dataDir: string;
}

export interface ServiceFile {
  platform: 'linux' | 'darwin' | 'win32';
  /** Where the file goes (absent for Windows, which registers a task by command). */
  path?: string;
  content: string;
  /** What the admin (or the command) runs afterwards. */
  activate: string[];
}

function systemdQuote(arg: string): string {
  return /[\s"\\]/.test(arg) ? `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : arg;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function systemdUnit(target: ServiceTarget, home = os.homedir()): ServiceFile {
  const content = `[Unit]
Description=Lifeboat PostgreSQL backups (scheduler)
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart=${[target.node, target.cli, 'daemon'].map(systemdQuote).join(' ')}
Environment=${systemdQuote(`LIFEBOAT_HOME=${target.dataDir}`)}
Restart=on-failure
RestartSec=30

[Install]
WantedBy=default.target
`;
  return {
    platform: 'linux',
    path: path.join(home, '.config', 'systemd', 'user', 'lifeboat.service'),
    content,
    activate: ['systemctl --user daemon-reload', 'systemctl --user enable --now lifeboat.service', `loginctl enable-linger ${os.userInfo().username}   # keep running while logged out`],
  };
}

export function launchdAgent(target: ServiceTarget, home = os.homedir()): ServiceFile {
  const args = [target.node, target.cli, 'daemon'].map((a) => `    <string>${xmlEscape(a)}</string>`).join('\n');
  const file = path.join(home, 'Library', 'LaunchAgents', 'app.lifeboat.daemon.plist');
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>app.lifeboat.daemon</string>
  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>EnvironmentVariables</key>
  <dict>
    <key>LIFEBOAT_HOME</key>
    <string>${xmlEscape(target.dataDir)}</string>
  </dict>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <true/>
  <key>StandardErrorPath</key>
  <string>${xmlEscape(path.join(target.dataDir, 'logs', 'daemon.err.log'))}</string>
</dict>
</plist>
`;
  return { platform: 'darwin', path: file, content, activate: [`launchctl bootstrap gui/$(id -u) "${file}"`] };
}

/** Windows: a task that runs `lifeboat run-due` every 15 minutes while the user is logged on. */
export function windowsTask(target: ServiceTarget): ServiceFile {
  const command = `"${target.node}" "${target.cli}" run-due`;
  const create = `schtasks /Create /F /TN "Lifeboat backups" /SC MINUTE /MO 15 /TR "${command.replace(/"/g, '\\"')}"`;
  return { platform: 'win32', content: create, activate: [create] };
}

export function serviceFileFor(platform: NodeJS.Platform, target: ServiceTarget, home?: string): ServiceFile {
  if (platform === 'darwin') return launchdAgent(target, home);
  if (platform === 'win32') return windowsTask(target);
  return systemdUnit(target, home);
}
