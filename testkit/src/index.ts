// The test kit: real servers on free loopback ports for tests, benchmarks and chaos runs (Node only).
// Not a contract: only tests, dev fixtures and scripts/ depend on it.
export { ChildServer } from './child-server.ts';
export { freePort, waitForPort } from './free-port.ts';
export { MosquittoServer, type MosquittoOptions } from './mosquitto-server.ts';
export { PostgresServer } from './postgres-server.ts';
export { RTSP_MOUNTS, RtspTestServer, type RtspMount } from './rtsp-test-server.ts';
export {
  CLEAN_LINK,
  LinkFaultProxy,
  type LinkFaultProxyOptions,
  type LinkFaultStats,
  type LinkProfile,
  type Range,
} from './link-fault-proxy.ts';
export { waitUntil, type WaitUntilOptions } from './wait-until.ts';
export { mulberry32 } from './mulberry32.ts';
export { makeTestCertificates, type TestCertificates } from './test-certificates.ts';
