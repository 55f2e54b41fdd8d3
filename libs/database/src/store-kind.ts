import type { mongo } from 'mongoose';

/** What `buildInfo` answers: FerretDB adds its own version next to the MongoDB one it emulates. */
export function isFerretDbBuild(build: Record<string, unknown>): boolean {
  return 'ferretdbVersion' in build;
}

/**
 * Whether the server behind `db` is FerretDB, whose SQLite backend pushes down only `_id`
 * filters: a write filtered on `_id` plus another field scans the whole collection there.
 */
export async function isFerretDb(db: mongo.Db): Promise<boolean> {
  return isFerretDbBuild(await db.admin().command({ buildInfo: 1 }));
}
