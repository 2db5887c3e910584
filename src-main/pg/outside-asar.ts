// In the packaged app, packages listed under asarUnpack live in app.asar.unpacked, but
// require.resolve still names them inside app.asar: Electron's fs can read that path, a spawned
// process cannot run it. Binaries found through require.resolve go through here.
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}
