// Where the OS servers' binaries are: used by scripts/infra.mjs (npm start, npm test) and by the
// private servers of the fault tests (test/support/private-servers.ts). CommonJS so both ESM and
// TypeScript can load it.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** Debian keeps each PostgreSQL version's binaries in /usr/lib/postgresql/<version>/bin, newest first here. */
function postgresBinDirs() {
  const base = '/usr/lib/postgresql';
  try {
    return fs
      .readdirSync(base)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => path.join(base, v, 'bin'));
  } catch {
    return [];
  }
}

/** An executable on PATH, in the system directories, or in `extraDirs`; null when there is none. */
function findBinary(name, extraDirs = []) {
  const dirs = [
    ...(process.env.PATH || '').split(path.delimiter).filter(Boolean),
    '/usr/local/sbin',
    '/usr/local/bin',
    '/usr/sbin',
    '/usr/bin',
    '/sbin',
    '/bin',
    ...extraDirs,
  ];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** initdb, pg_ctl and postgres of one installation (siblings of the initdb found), or null. */
function findPostgresBinaries() {
  const initdb = findBinary('initdb', postgresBinDirs());
  if (!initdb) return null;
  const dir = path.dirname(fs.realpathSync(initdb));
  const inDir = (n) => (fs.existsSync(path.join(dir, n)) ? path.join(dir, n) : findBinary(n, postgresBinDirs()));
  const pgCtl = inDir('pg_ctl');
  const postgres = inDir('postgres');
  return pgCtl && postgres ? { initdb, pgCtl, postgres } : null;
}

/** uid and gid of an OS user (Postgres refuses to run as root), or null when there is no such user. */
function osUser(name) {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

module.exports = { postgresBinDirs, findBinary, findPostgresBinaries, osUser };
