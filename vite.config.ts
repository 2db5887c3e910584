// Builds the renderer (src-renderer → dist/renderer) for both hosts: Electron serves the files
// on app://lifeboat/, `lifeboat serve` over HTTP. Relative asset paths (base './') work in both.
// No React plugin: Vite's built-in oxc transform handles TSX with the automatic JSX runtime.
import { defineConfig } from 'vite';

// `npm run dev:renderer` talks to a running `lifeboat serve`: set LIFEBOAT_SERVE_URL to its
// address (http://127.0.0.1:7870) and LIFEBOAT_SERVE_TOKEN to its access token. The proxy
// presents itself as that address (serve only answers to its own Host and refuses foreign
// Origins) and signs requests with the token, since the dev page lives on another port.
const serveUrl = process.env['LIFEBOAT_SERVE_URL'];
const serveToken = process.env['LIFEBOAT_SERVE_TOKEN'];

const devProxy = serveUrl
  ? {
      '/api': {
        target: serveUrl,
        changeOrigin: true,
        ...(serveToken ? { headers: { Authorization: `Bearer ${serveToken}` } } : {}),
        configure: (proxy: { on(event: 'proxyReq', listener: (req: { removeHeader(name: string): void }) => void): unknown }) => {
          proxy.on('proxyReq', (req) => req.removeHeader('origin'));
        },
      },
    }
  : undefined;

export default defineConfig({
  root: 'src-renderer',
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    // Keep every asset a file: a data: URL would be blocked by the CSP (default-src 'self').
    assetsInlineLimit: 0,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate files keep each one small.
        codeSplitting: {
          groups: [
            // Priorities keep React out of the charts chunk, which the dashboard loads lazily.
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'charts', test: /node_modules[\\/](recharts|d3-|victory-vendor|@reduxjs|immer|reselect|decimal\.js-light|es-toolkit)/, priority: 20 },
            { name: 'vendor', test: /node_modules/, priority: 10 },
          ],
        },
      },
    },
  },
  // The CSP comes from the hosts (src-main/hosts/csp.ts) as a header; the page adds none.
  ...(devProxy ? { server: { proxy: devProxy } } : {}),
});
