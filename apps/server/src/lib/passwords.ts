import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

const options = {
  algorithm: 2 /* Algorithm.Argon2id; a const enum the compiler cannot inline here */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

/**
 * Each hash takes a core for tens of milliseconds: a flood of sign-ins running them all at once would
 * leave no core for anyone else's requests, so they take turns, with half the cores at most.
 */
const slots = Math.max(1, Math.floor(availableParallelism() / 2));
let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running < slots) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, or is freed.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export const hashPassword = (password: string) => inTurn(() => hash(password, options));

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await inTurn(() => verify(stored, password));
  } catch {
    return false;
  }
}

/** Used when the account does not exist, so that a failed sign-in takes as long either way. */
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string) {
  dummy ??= hashPassword('not-a-real-password');
  await verifyPassword(await dummy, password);
}
