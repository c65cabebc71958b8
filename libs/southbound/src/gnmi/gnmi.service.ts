/**
 * The gNMI service, loaded at start from lightpath's own gnmi.proto (a subset of gNMI 0.7.0, see its
 * header) with @grpc/proto-loader: one definition serves the driver's client and the simulator's
 * server, so they cannot drift apart. The build copies gnmi.proto beside the compiled file; from
 * source (tests) it is found beside this one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** keepCase: the messages use the specification's own field names (json_ietf_val, gNMI_version). */
const LOAD_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true };

function protoFile(): string {
  const candidates = [join(__dirname, 'gnmi.proto'), join(__dirname, '../../../../libs/southbound/src/gnmi/gnmi.proto')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`southbound/gnmi: gnmi.proto not found (looked in ${candidates.join(', ')}); run npm run build:services, which copies it beside the compiled driver`);
  return found;
}

let loaded: { definition: grpc.ServiceDefinition; client: grpc.ServiceClientConstructor } | undefined;

/** The gNMI service definition (for a server) and client constructor, loaded once. */
export function gnmiService(): { definition: grpc.ServiceDefinition; client: grpc.ServiceClientConstructor } {
  if (!loaded) {
    const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(protoFile(), LOAD_OPTIONS)) as unknown as { gnmi: { gNMI: grpc.ServiceClientConstructor } };
    loaded = { definition: pkg.gnmi.gNMI.service, client: pkg.gnmi.gNMI };
  }
  return loaded;
}

/** The wire bytes of a message as the driver sends it (golden payloads pin them). */
export function encodeRequest(rpc: 'Capabilities' | 'Get' | 'Set' | 'Subscribe', message: object): Buffer {
  return gnmiService().definition[rpc].requestSerialize(message);
}

export function decodeResponse(rpc: 'Capabilities' | 'Get' | 'Set' | 'Subscribe', bytes: Buffer): unknown {
  return gnmiService().definition[rpc].responseDeserialize(bytes);
}

export { grpc };
