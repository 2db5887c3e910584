// The header of a pg_dump custom archive (and of toc.dat inside a tar archive): format
// version, when it was made, the database name and the server and pg_dump versions. Read from
// the first bytes, so an import knows the database's name and which pg_restore can read it
// before running any tool. Layout: pg_backup_archiver.c, WriteHead().
export interface ArchiveHeader {
  /** Archive format version, e.g. "1.14". */
  formatVersion: string;
  database: string | undefined;
  serverVersion: string | undefined;
  toolVersion: string | undefined;
  /** Local time of the machine that ran pg_dump (the archive stores no zone). */
  createdAt: Date | undefined;
}

export function parseArchiveHeader(data: Buffer): ArchiveHeader | undefined {
  let at = data.toString('latin1', 0, 5) === 'PGDMP' ? 0 : data.toString('latin1', 512, 517) === 'PGDMP' ? 512 : -1;
  if (at < 0) return undefined;
  at += 5;
  const byte = (): number => {
    const value = data[at];
    if (value === undefined) throw new RangeError('short header');
    at++;
    return value;
  };
  try {
    const vmaj = byte();
    const vmin = byte();
    const vrev = vmaj > 1 || (vmaj === 1 && vmin > 0) ? byte() : 0;
    const version = vmaj * 10_000 + vmin * 100 + vrev;
    const intSize = byte();
    if (intSize < 1 || intSize > 8) return undefined;
    if (version >= 10_700) byte(); // offSize
    byte(); // format
    const readInt = (): number => {
      const sign = byte();
      let value = 0;
      for (let i = 0; i < intSize; i++) value += byte() * 2 ** (8 * i);
      return sign ? -value : value;
    };
    const readStr = (): string | undefined => {
      const length = readInt();
      if (length < 0) return undefined;
      if (at + length > data.length) throw new RangeError('short header');
      const text = data.toString('utf8', at, at + length);
      at += length;
      return text;
    };
    if (version >= 11_500) byte(); // compression algorithm
    else if (version >= 10_400) readInt(); // compression level
    else if (version >= 10_200) byte();
    let createdAt: Date | undefined;
    let database: string | undefined;
    if (version >= 10_400) {
      const [sec, min, hour, mday, mon, year] = [readInt(), readInt(), readInt(), readInt(), readInt(), readInt()];
      readInt(); // isdst
      const date = new Date(1900 + year, mon, mday, hour, min, sec);
      createdAt = Number.isNaN(date.getTime()) ? undefined : date;
      database = readStr();
    }
    let serverVersion: string | undefined;
    let toolVersion: string | undefined;
    if (version >= 11_000) {
      serverVersion = readStr();
      toolVersion = readStr();
    }
    // "15.18 (Debian 15.18-0+deb12u1)" → "15.18", as the SQL header is read.
    const short = (v: string | undefined) => v?.split(/\s/)[0] || undefined;
    return { formatVersion: `${vmaj}.${vmin}${vrev ? `.${vrev}` : ''}`, database, serverVersion: short(serverVersion), toolVersion: short(toolVersion), createdAt };
  } catch {
    return undefined;
  }
}
