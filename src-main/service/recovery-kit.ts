// The printable recovery kit for a new key pair: one self-contained HTML page (no script, no
// external resource) with the secret identity, its public recipient, where the backups are and
// how to restore them by hand with age, zstd and pg_restore if Lifeboat itself is gone. It is
// rendered once and held in memory only, under a random id, until the host shows it.
import { createHash, randomBytes } from 'node:crypto';

export interface KitDestination {
  name: string;
  kind: 'folder' | 's3';
  where: string;
}

export interface RecoveryKitInput {
  identity: string;
  recipient: string;
  label?: string;
  createdAt: Date;
  destinations: KitDestination[];
  dataDir: string;
}

/** The page's only style sheet; hosts that send a CSP allow exactly this text by its hash. */
export const RECOVERY_KIT_CSS = [
  'body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;max-width:760px;margin:24px auto;padding:0 16px}',
  'h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ccc;padding-bottom:4px}',
  '.warn{border:2px solid #b00020;padding:10px 14px;border-radius:6px}',
  'pre,code{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace}',
  'pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:10px 12px;border-radius:6px}',
  '.key{font-size:17px;font-weight:600;border:2px dashed #444;background:#fff}',
  'table{border-collapse:collapse;width:100%}td,th{text-align:left;border:1px solid #ccc;padding:6px 8px;vertical-align:top}',
  '.blank{border-bottom:1px solid #444;height:32px}',
  '@media print{body{margin:0;max-width:none}h2{break-after:avoid}pre{break-inside:avoid}}',
].join('\n');

/** For a Content-Security-Policy: style-src 'sha256-…' of the page's style element. */
export const RECOVERY_KIT_STYLE_HASH = `'sha256-${createHash('sha256').update(RECOVERY_KIT_CSS).digest('base64')}'`;

export function newKitId(): string {
  return randomBytes(18).toString('base64url');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function renderRecoveryKit(kit: RecoveryKitInput): string {
  const created = kit.createdAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const destinations =
    kit.destinations.length === 0
      ? '<p>No destination was saved yet when this key was made. Write down where the backups go:</p><div class="blank"></div><div class="blank"></div>'
      : `<table><tr><th>Name</th><th>Kind</th><th>Where</th></tr>${kit.destinations
          .map((d) => `<tr><td>${esc(d.name)}</td><td>${d.kind === 'folder' ? 'folder' : 'S3 storage'}</td><td><code>${esc(d.where)}</code></td></tr>`)
          .join('')}</table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Lifeboat recovery kit${kit.label ? ` — ${esc(kit.label)}` : ''}</title>
<style>${RECOVERY_KIT_CSS}</style>
</head>
<body>
<h1>Lifeboat recovery kit</h1>
<p>${kit.label ? `<strong>${esc(kit.label)}</strong> · ` : ''}Created ${esc(created)}</p>
<p class="warn"><strong>Keep this page safe.</strong> The secret key below opens every backup encrypted to it. Print it and lock it away, or keep it in a password manager. Without it, nobody — not you, not Lifeboat — can read these backups if this computer is lost.</p>

<h2>Secret key (identity)</h2>
<pre class="key">${esc(kit.identity)}</pre>

<h2>Public key (recipient)</h2>
<p>Backups are encrypted to this public key. It is not secret.</p>
<pre>${esc(kit.recipient)}</pre>

<h2>Where the backups are</h2>
${destinations}
<p>Inside each destination, backups are in folders <code>JOB/DATABASE/YEAR/MONTH/</code>. Each backup is three files:
<code>DATABASE_TIME_ID.dump.zst.age</code> (the data), <code>….globals.sql.zst.age</code> (roles and tablespaces) and <code>….manifest.json</code> (sizes and checksums, readable without the key).</p>
<p>Lifeboat's own settings and catalog on this computer: <code>${esc(kit.dataDir)}</code></p>

<h2>Restore with Lifeboat</h2>
<p>Install Lifeboat on any computer, open <em>Restore</em>, choose the backup file and give this secret key. Or on the command line:</p>
<pre>lifeboat restore FILE.dump.zst.age --identity key.txt --db postgres://USER@HOST:5432/NEW_DATABASE</pre>

<h2>Restore without Lifeboat</h2>
<p>With the free tools <code>age</code> (age-encryption.org), <code>zstd</code> and the PostgreSQL client tools (<code>createdb</code>, <code>pg_restore</code>, <code>psql</code>) of the same or a newer PostgreSQL version:</p>
<ol>
<li>Save the secret key line above in a file named <code>key.txt</code> (only you should be able to read it).</li>
<li>Copy the newest <code>.dump.zst.age</code> file of the database from a destination.</li>
<li>Create an empty database and restore into it:
<pre>createdb NEW_DATABASE
age -d -i key.txt FILE.dump.zst.age | zstd -d | pg_restore -d NEW_DATABASE</pre></li>
<li>If the roles (users) do not exist on the new server, restore them first, or add <code>--no-owner</code> to pg_restore:
<pre>age -d -i key.txt FILE.globals.sql.zst.age | zstd -d | psql -d postgres</pre></li>
<li>Check the data, then point the application at the new database.</li>
</ol>

<h2>Notes</h2>
<p>Passphrase hint, password manager entry, or who to call:</p>
<div class="blank"></div>
<div class="blank"></div>
<div class="blank"></div>
</body>
</html>
`;
}
