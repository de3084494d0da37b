import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from '@/db/data-dir-lock';

describe('DATA_DIR lock', () => {
  it('refuses a second holder while the first process lives, naming it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(dir, LOCK_FILE), String(other.pid));
      const attempt = () => acquireDataDirLock(dir);
      expect(attempt).toThrow(DataDirLockedError);
      expect(attempt).toThrow(`process ${other.pid} holds`);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a stale lock left by a dead process, and releases only its own', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(path.join(dir, LOCK_FILE), String(dead.pid));
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lock.file, 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });
});
