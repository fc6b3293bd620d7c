import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway's address is not baked into the bundle: public/config.js sets it at run time
// (server/index.ts serves a generated one), so one build runs against any gateway.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
  // react-dom, Apollo Client and graphql-js are most of the one bundle (about 150 kB gzipped).
  build: { sourcemap: true, chunkSizeWarningLimit: 700 },
});
