import { describe, expect, test } from 'vitest';
import { isConfluenceErrorKind } from '../errors.js';
import { ConfluenceClient } from './confluence-client.js';
import { fakeTransport, type FakeHandler, type FakeReply } from './fake-transport.js';

const MEDIA = 'https://api.media.example/file/f-1/binary?token=media-secret-token-1234567890&dl=true';
const DOWNLOAD = '/ex/confluence/cloud-1/wiki/rest/api/content/42/child/attachment/att7/download';

function client(handler: FakeHandler, opts: { maxBytes?: number; refresh?: () => Promise<string> } = {}) {
  const transport = fakeTransport(handler);
  const c = new ConfluenceClient({
    cloudId: 'cloud-1',
    apiBaseUrl: 'https://api.example',
    getAccessToken: () => Promise.resolve('bearer-token-abcdefgh'),
    ...(opts.refresh === undefined ? {} : { refreshAccessToken: opts.refresh }),
    transport,
    retry: false,
    ...(opts.maxBytes === undefined ? {} : { attachmentMaxBytes: opts.maxBytes }),
  });
  return { c, transport };
}

describe('downloadAttachment', () => {
  test('follows the redirect to the media store without the Confluence token', async () => {
    const { c, transport } = client((req): FakeReply =>
      req.url.startsWith('https://api.example')
        ? { status: 302, headers: { location: MEDIA } }
        : { status: 200, body: new Uint8Array([1, 2, 3]), headers: { 'content-type': 'image/png' } },
    );
    const file = await c.downloadAttachment('42', 'att7', { version: 2 });
    expect([...file.bytes]).toEqual([1, 2, 3]);
    expect(file.mediaType).toBe('image/png');
    const [first, media] = transport.requests;
    expect(first?.url).toBe(`https://api.example${DOWNLOAD}?version=2`);
    expect(first?.headers.authorization).toBe('Bearer bearer-token-abcdefgh');
    expect(media?.url).toBe(MEDIA);
    expect(media?.headers.authorization).toBeUndefined();
  });

  test('a media store refusal names neither the media URL nor its token', async () => {
    const { c } = client((req) =>
      req.url.startsWith('https://api.example')
        ? { status: 302, headers: { location: MEDIA } }
        : { status: 403, body: `denied for ${req.url}` },
    );
    const error = await c.downloadAttachment('42', 'att7').catch((e: unknown) => e);
    expect(isConfluenceErrorKind(error, 'UPSTREAM_ERROR')).toBe(true);
    const seen = JSON.stringify({
      message: (error as Error).message,
      details: (error as { details?: unknown }).details,
    });
    expect(seen).not.toContain('media-secret-token');
    expect(seen).not.toContain('api.media.example');
    expect(seen).not.toContain('bearer-token');
  });

  test('a declared size over the limit is refused before the body is read; so is a longer stream', async () => {
    const declared = client(
      () => ({ status: 200, body: 'x'.repeat(10), headers: { 'content-length': '5000' } }),
      {
        maxBytes: 4096,
      },
    );
    await expect(declared.c.downloadAttachment('42', 'att7')).rejects.toMatchObject({
      kind: 'PAYLOAD_TOO_LARGE',
    });
    const streamed = client(() => ({ status: 200, body: new Uint8Array(5000) }), { maxBytes: 4096 });
    await expect(streamed.c.downloadAttachment('42', 'att7')).rejects.toMatchObject({
      kind: 'PAYLOAD_TOO_LARGE',
    });
    const exact = client(() => ({ status: 200, body: new Uint8Array(4096) }), { maxBytes: 4096 });
    expect((await exact.c.downloadAttachment('42', 'att7')).bytes.byteLength).toBe(4096);
  });

  test('an expectedSize over the limit sends no request at all', async () => {
    const { c, transport } = client(() => ({ status: 200, body: '' }), { maxBytes: 1024 });
    await expect(c.downloadAttachment('42', 'att7', { expectedSize: 2048 })).rejects.toMatchObject({
      kind: 'PAYLOAD_TOO_LARGE',
    });
    expect(transport.requests).toHaveLength(0);
  });

  test('a 401 refreshes the token once and retries; Confluence errors map as for any call', async () => {
    let calls = 0;
    const { c, transport } = client(
      () =>
        ++calls === 1
          ? { status: 401, body: { code: 401, message: 'Unauthorized' } }
          : { status: 200, body: 'ok' },
      { refresh: () => Promise.resolve('fresh-token-abcdefgh') },
    );
    expect(Buffer.from((await c.downloadAttachment('42', 'att7')).bytes).toString()).toBe('ok');
    expect(transport.requests[1]?.headers.authorization).toBe('Bearer fresh-token-abcdefgh');
    const missing = client(() => ({
      status: 404,
      body: { statusCode: 404, message: 'No content found with id: att7' },
    }));
    await expect(missing.c.downloadAttachment('42', 'att7')).rejects.toMatchObject({ kind: 'NOT_FOUND' });
  });

  test('redirects are bounded and only to http(s)', async () => {
    const loop = client(() => ({ status: 302, headers: { location: 'https://api.example/again' } }));
    await expect(loop.c.downloadAttachment('42', 'att7')).rejects.toMatchObject({ kind: 'UPSTREAM_ERROR' });
    const odd = client(() => ({ status: 302, headers: { location: 'file:///etc/passwd' } }));
    await expect(odd.c.downloadAttachment('42', 'att7')).rejects.toMatchObject({ kind: 'UPSTREAM_ERROR' });
  });

  test.each([
    [
      'plain HTTP from HTTPS (the media token in clear text)',
      'http://api.media.example/file/f-1/binary?token=t',
    ],
    ['loopback', 'https://127.0.0.1:8080/admin'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['a private network', 'https://10.1.2.3/file'],
    ['IPv6 loopback', 'https://[::1]/file'],
    ['localhost', 'https://localhost/file'],
  ])('a redirect to %s is refused without being followed', async (_what, location) => {
    const { c, transport } = client((req) =>
      req.url.startsWith('https://api.example')
        ? { status: 302, headers: { location } }
        : { status: 200, body: new Uint8Array([1]) },
    );
    await expect(c.downloadAttachment('42', 'att7')).rejects.toMatchObject({ kind: 'UPSTREAM_ERROR' });
    expect(transport.requests).toHaveLength(1);
  });
});
