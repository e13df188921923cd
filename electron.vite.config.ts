import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { PAGE_META_POLICY } from './electron/shared/content-security-policy';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Writes the page's CSP meta tag from the one policy definition (electron/shared/content-security-policy.ts), so
 * index.html holds none by hand. The window loads the page from file://, where the session's header hook may
 * not apply. First in <head>, before any script; the charset tag after it stays within the first 1024 bytes.
 * The meta variant leaves frame-ancestors out on purpose: browsers ignore it in a meta tag.
 */
function contentSecurityPolicyMeta() {
  return {
    name: 'pairwise-csp-meta',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: PAGE_META_POLICY }, injectTo: 'head-prepend' }],
  } satisfies Plugin;
}

export default defineConfig({
  main: {
    define: { __PAIRWISE_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The headless host is built beside main: same services, runnable with plain `node out/main/host.js`.
        input: { index: resolve('electron/main/index.ts'), host: resolve('electron/host/cli.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load npm modules: bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // ...and it must be CommonJS, whatever the package's "type".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
