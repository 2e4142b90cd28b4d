/** Where an S3-compatible bucket is and how to reach it, read from `S3_URL`. */
export interface S3Location {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  prefix: string;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/**
 * `S3_URL` names the bucket in one URL:
 * - `https://KEY:SECRET@host[:port]/bucket[/prefix]?region=…`: any S3-compatible service (MinIO, Ceph,
 *   Garage, R2, …) addressed path-style at that endpoint;
 * - `s3://[KEY:SECRET@]bucket[/prefix]?region=…`: Amazon S3 itself; without credentials in the URL the
 *   SDK's usual chain (AWS_ACCESS_KEY_ID, instance role, …) provides them.
 */
export function parseS3Url(raw: string): S3Location {
  const url = new URL(raw);
  const region = url.searchParams.get('region') ?? 'us-east-1';
  const credentials = url.username
    ? {
        accessKeyId: decodeURIComponent(url.username),
        secretAccessKey: decodeURIComponent(url.password),
      }
    : undefined;
  const parts = url.pathname.split('/').filter(Boolean);
  const withSlash = (p: string[]) => (p.length ? `${p.join('/')}/` : '');
  if (url.protocol === 's3:') {
    if (!url.hostname) throw new Error('S3_URL: s3://bucket names no bucket');
    return { endpoint: undefined, region, bucket: url.hostname, prefix: withSlash(parts), credentials };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('S3_URL: use https://KEY:SECRET@host/bucket or s3://bucket');
  if (!parts.length) throw new Error('S3_URL: the path names no bucket (https://host/bucket)');
  return {
    endpoint: `${url.protocol}//${url.host}`,
    region,
    bucket: parts[0],
    prefix: withSlash(parts.slice(1)),
    credentials,
  };
}
