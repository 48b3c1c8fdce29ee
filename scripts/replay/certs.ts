// A throwaway CA and a server certificate for 127.0.0.1/localhost, made at start. node:crypto makes the
// keys (fast, native); node-forge builds the X.509 certificates, which node:crypto cannot.
import crypto from 'node:crypto';
import forge from 'node-forge';

export interface Certs {
  caPem: string;
  certPem: string;
  keyPem: string;
}

function keyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey; privatePem: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey), privatePem: privateKey };
}

function certificate(subject: string, publicKey: forge.pki.rsa.PublicKey, extensions: object[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: a leading 01 byte keeps the DER integer non-negative.
  cert.serialNumber = '01' + crypto.randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + 30 * 24 * 60 * 60 * 1000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setExtensions(extensions);
  return cert;
}

let cached: Certs | undefined;

/** The process's CA and server certificate, made once: RSA key generation takes most of a second. */
export function serverCerts(): Certs {
  cached ??= makeCerts();
  return cached;
}

export function makeCerts(): Certs {
  const ca = keyPair();
  const caCert = certificate('replay-ca', ca.publicKey, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const leaf = keyPair();
  const cert = certificate('127.0.0.1', leaf.publicKey, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.sign(ca.privateKey, forge.md.sha256.create());
  return { caPem: forge.pki.certificateToPem(caCert), certPem: forge.pki.certificateToPem(cert), keyPem: leaf.privatePem };
}
