import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** Where the dev server forwards API calls (the API from `npm start`). */
const api = process.env.CONSOLE_API_URL ?? 'http://localhost:3000';

/** The web console: built into apps/console/dist, which the API serves; `vite` runs it with a proxy. */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@service-desk/live-client': here('../../libs/live-client/src/index.ts') },
  },
  build: { outDir: here('./dist'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: {
      '/graphql': api,
      '/health': api,
      '/socket.io': { target: api, ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
