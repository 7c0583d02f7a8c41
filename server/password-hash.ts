// argon2id for passwords and inquiry PINs (security.md). Parameters: OWASP's minimum for
// argon2id (19 MiB, 2 passes, 1 lane); verify() reads them back from the stored hash.
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm is a const enum, which isolated modules cannot read: 2 is Algorithm.Argon2id.
const ARGON2ID = 2 as Algorithm;
const options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, options);
}

export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(storedHash, secret);
  } catch {
    return false;
  }
}

// A real hash of a random value: verifying against it when the login ID is unknown makes
// "no such user" take as long as "wrong password", so timing does not tell them apart.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashSecret(crypto.randomUUID());
  return dummyHash;
}
