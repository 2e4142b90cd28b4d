#!/usr/bin/env node
// A committed migration is never edited: a database that already ran it would never see the change.
// This compares the migrations of the working tree with the merge base with origin/main (or, without
// that, the first parent) and fails when a file that existed there was changed, renamed or removed.
// New migration files are what a change should add.
import { execFileSync } from 'node:child_process';

const dir = 'apps/server/src/db/migrations';
const git = (...args) =>
  execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const tryGit = (...args) => {
  try {
    return git(...args);
  } catch {
    return null;
  }
};

const base =
  process.env.MIGRATIONS_BASE ?? tryGit('merge-base', 'HEAD', 'origin/main') ?? tryGit('rev-parse', 'HEAD^1');
if (!base) {
  console.log('check-migrations: no base commit to compare with; nothing to check.');
  process.exit(0);
}
// Working tree against the base: committed and uncommitted edits both count.
const changes = git('diff', '--name-status', '--no-renames', base, '--', dir)
  .split('\n')
  .filter(Boolean)
  .map((line) => line.split('\t'))
  .filter(([status]) => status !== 'A');
if (changes.length > 0) {
  console.error(`check-migrations: committed migrations were changed (compared with ${base.slice(0, 10)}):`);
  for (const [status, file] of changes)
    console.error(`  ${status === 'D' ? 'removed' : 'modified'}: ${file}`);
  console.error('Leave them as they are and write the fix as a new migration.');
  process.exit(1);
}
console.log(`check-migrations: no committed migration changed since ${base.slice(0, 10)}.`);
