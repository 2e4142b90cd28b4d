import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/** Loopback, private, link-local, shared, multicast and other addresses no webhook should reach. */
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class RefusedAddressError extends Error {}

export interface PostResult {
  status: number;
  body: string;
}

/**
 * POSTs a body and reads at most `maxBody` bytes of the answer. Unless private networks are allowed, the
 * address is checked when the connection is made (after DNS, so a name that resolves to a private
 * address, or changes to one, is refused too).
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs: number; maxBody: number },
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (!opts.allowPrivate && isIP(host) && isPrivateAddress(host)) {
      reject(new RefusedAddressError(`The address ${host} is private or loopback.`));
      return;
    }
    const lookup = (
      hostname: string,
      options: object,
      callback: (
        err: NodeJS.ErrnoException | null,
        address: string | LookupAddress[],
        family?: number,
      ) => void,
    ) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '');
        const list = addresses as LookupAddress[];
        const bad = opts.allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
        if (bad) return callback(new RefusedAddressError(`${hostname} resolves to a private address.`), '');
        if ((options as { all?: boolean }).all) return callback(null, list);
        return callback(null, list[0].address, list[0].family);
      });
    };
    const req = (u.protocol === 'https:' ? https : http).request(
      u,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
        lookup,
      },
      (res) => {
        let received = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (received.length < opts.maxBody) received += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: received.slice(0, opts.maxBody) }));
        res.on('error', reject);
      },
    );
    // The whole exchange, not only a silent socket, must end in time.
    const timer = setTimeout(
      () => req.destroy(new Error(`No answer within ${opts.timeoutMs / 1000} s.`)),
      opts.timeoutMs,
    );
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(body);
  });
}
