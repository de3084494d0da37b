// Tests never read the developer's environment by accident: quiet logs, loopback allowed for the
// simulators and local test servers (ALLOW_HTTP_LOOPBACK adds 127.0.0.1 and localhost only).
process.env.LOG_LEVEL ??= 'silent';
process.env.ALLOW_HTTP_LOOPBACK ??= '1';
