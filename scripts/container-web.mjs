// The container image's web entry point (Dockerfile: `node web.mjs`). Next's standalone server.js
// listens on HOSTNAME, which Docker sets to the container's own name; the bridge's variable for the
// listen address is HOST (as with `npm start`), so hand it over, then start the server.
process.env.HOSTNAME = process.env.HOST || '0.0.0.0';
await import('./server.js');
