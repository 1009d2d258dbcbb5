import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { BaseTheme, createBaseThemeStyle, createBoxShadowReset } from 'survey-core';

/**
 * survey-core 3 writes its base theme (1,600 CSS variables) into a `<style>` element at run time,
 * which a Content-Security-Policy without `style-src 'unsafe-inline'` blocks. The same CSS is made
 * here at build time and served as a hashed, cached file; the client sets `generateStylesheet = false`.
 */
function surveyBaseTheme(): Plugin {
  const id = 'virtual:survey-base-theme.css';
  const resolved = '\0' + id;
  return {
    name: 'kuulo:survey-base-theme',
    resolveId: (source) => (source === id ? resolved : null),
    load(source) {
      if (source !== resolved) return null;
      const variables = BaseTheme.cssVariables as Record<string, string>;
      // What survey-core's createResetVariablesStyle() computes in the browser: the same shadows at zero size.
      const resets = [
        '--sjs2-border-effect-surface-default',
        '--sjs2-border-effect-surface-focused',
        '--sjs2-border-effect-component-formbox-default',
        '--sjs2-border-effect-component-formbox-focused',
      ]
        .filter((name) => variables[name])
        .map((name) => `  ${name}-reset: ${createBoxShadowReset(variables[name]!)};`);
      return `${createBaseThemeStyle()}\n:where(.sd-theme-root) {\n${resets.join('\n')}\n}\n`;
    },
  };
}

/**
 * Writes a gzip and a brotli copy beside every compressible file of the build, so the server sends
 * them as they are (`preCompressed`) instead of compressing on every request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'kuulo:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|mjs|css|html|svg|json|txt)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(outDir, file);
          const content = fs.readFileSync(full);
          if (content.length < 256) return;
          const gzip = zlib.gzipSync(content, { level: 9 });
          const brotli = zlib.brotliCompressSync(content, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length },
          });
          fs.writeFileSync(full + '.gz', gzip);
          fs.writeFileSync(full + '.br', brotli);
        }),
      );
    },
  };
}

// The client is built into dist/client and served by the Fastify server on the same origin.
// Each page kind is its own HTML entry, so a page loads only what it needs: `index.html` (the list
// of surveys, the accessibility statement, privacy notices) never loads survey-core, and
// `survey.html` (`/s/<id>`) has every chunk of the form preloaded from its <head>. An analyst
// workspace (`workspace.html`: sign-in, results, admin) is a third entry, never part of these.
export default defineConfig({
  root: 'client',
  plugins: [react(), surveyBaseTheme(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // survey-core is one big module; its size is reported by `npm run bench`, not warned about here.
    chunkSizeWarningLimit: 1800,
    rolldownOptions: {
      input: {
        index: path.resolve(import.meta.dirname, 'client/index.html'),
        survey: path.resolve(import.meta.dirname, 'client/survey.html'),
        workspace: path.resolve(import.meta.dirname, 'client/workspace.html'),
        // The survey editor's preview frame: the form's page for a draft, apart from the form's own entry.
        preview: path.resolve(import.meta.dirname, 'client/preview.html'),
      },
      output: {
        // Libraries change rarely and the app often: kept apart, a new release of the app leaves
        // the large survey-core chunk in the respondents' caches.
        codeSplitting: {
          groups: [
            // Not survey-core's locales other than Finnish: each is a chunk fetched only for a page in
            // its language (client/respond/survey/strings.ts), not part of every respondent's download.
            { name: 'surveyjs', test: /node_modules[\\/]survey-(core|react-ui)[\\/](?!fesm[\\/]i18n[\\/](?!finnish\.))/, priority: 1 },
            // Higher: a group also takes its modules' dependencies, and survey-react-ui depends on React.
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
