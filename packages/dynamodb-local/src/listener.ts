/**
 * Which process listens on a port. DynamoDB Local keeps running when it cannot bind its
 * port, so an answer on that port proves nothing: on Linux, `/proc` tells whether the JVM
 * itself holds the listening socket.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

const LISTEN_STATE = '0A';

/**
 * Whether process `pid` holds a TCP socket listening on `port`; `undefined` where `/proc`
 * cannot tell (not Linux).
 */
export async function holdsListeningSocket(
  pid: number,
  port: number,
): Promise<boolean | undefined> {
  let tables: string[];
  try {
    tables = await Promise.all(
      ['/proc/net/tcp', '/proc/net/tcp6'].map((path) => readFile(path, 'utf8').catch(() => '')),
    );
  } catch {
    return undefined;
  }
  if (tables.every((table) => table === '')) return undefined;
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const line of tables.join('\n').split('\n')) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (
      local?.endsWith(`:${portHex}`) === true &&
      fields[3] === LISTEN_STATE &&
      fields[9] !== undefined
    ) {
      inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return false;
  let descriptors: string[];
  try {
    descriptors = await readdir(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const descriptor of descriptors) {
    const target = await readlink(`/proc/${pid}/fd/${descriptor}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode !== undefined && inodes.has(inode)) return true;
  }
  return false;
}
