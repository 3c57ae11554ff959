import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ONVIF_NS, SoapSession } from '../src/onvif/soap-client.ts';
import { OnvifError } from '../src/onvif/onvif-errors.ts';

const ANSWER = (action: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>` +
  `<tds:${action}Response xmlns:tds="${ONVIF_NS.device}"><tds:Done>true</tds:Done></tds:${action}Response></s:Body></s:Envelope>`;

/** A camera web server that drops the connection of every other request without answering (a closed keep-alive). */
let server: Server;
let url = '';
let requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const action = /<(\w+) xmlns="http:\/\/www\.onvif\.org/.exec(body)?.[1] ?? 'Unknown';
      requests.push(action);
      if (requests.length % 2 === 1) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/soap+xml' }).end(ANSWER(action));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/onvif/device_service`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const opts = () => ({ signal: AbortSignal.timeout(5_000), timeoutMs: 5_000, signed: false });

it('asks a read again once when the camera closed the connection under it', async () => {
  requests = [];
  const answer = await new SoapSession(null, null).call(url, ONVIF_NS.device, 'GetSystemDateAndTime', '', opts());
  expect(answer).toMatchObject({ Done: 'true' });
  expect(requests).toEqual(['GetSystemDateAndTime', 'GetSystemDateAndTime']);
});

it('does not send a command twice: a reboot whose connection was dropped is reported, not repeated', async () => {
  requests = [];
  const err = await new SoapSession(null, null).call(url, ONVIF_NS.device, 'SystemReboot', '', opts()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OnvifError);
  expect((err as OnvifError).message).toMatch(/SystemReboot: (UND_ERR_SOCKET|ECONNRESET)/);
  expect(requests).toEqual(['SystemReboot']);
});
