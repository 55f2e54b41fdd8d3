import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { WaitingRoomSettings } from '@eventflow/contracts';
import { defineScript, REDIS, RedisScript } from '@eventflow/redis';
import { SpendOutcome, TurnRecord, WaitingRoomStore } from '../ports/waiting-room.port';
import { RecentTurns, RoomState } from './recent-turns';
import { ADMIT_LUA, GIVE_BACK_LUA, JOIN_LUA, SPEND_LUA, TURN_LUA } from './waiting-room.lua';

const PREFIX = 'eventflow:reservations:';
/** Every room that may have fans waiting: what the admitter walks (a set of its own, outside any room's hash slot). */
const ROOMS = `${PREFIX}waiting-rooms`;
/** A room is forgotten this long after its last arrival. */
const KEEP_MS = 2 * 24 * 3600 * 1000;
/** How late a poll may learn of the room's progress (see RecentTurns): a quarter of the admitter's default tick. */
const ROOM_FRESH_MS = 250;

/** The six keys of one room, sharing the hash tag {evento:<id>} (see waiting-room.lua). */
function roomKeys(eventoId: string): string[] {
  const base = `${PREFIX}{evento:${eventoId}}:sala:`;
  return ['room', 'fans', 'turns', 'tokens', 'spent', 'batches'].map((name) => base + name);
}

/** What the scripts' turn_reply answers (see waiting-room.lua). */
type TurnReply = [string, number, string, number, number, string, string, string] | null;

function turnOf(turnoId: string, reply: TurnReply): TurnRecord | undefined {
  if (!reply) return undefined;
  const [usuarioId, number, token, admittedUpTo, admittedAt, spentBy, rate, windowMs] = reply;
  return {
    turnoId,
    usuarioId,
    number: Number(number),
    token,
    admittedUpTo: Number(admittedUpTo),
    ...(Number(admittedAt) >= 0 && { admittedAtMs: Number(admittedAt) }),
    ...(spentBy !== '' && { spentBy }),
    admittedPerMinute: Number(rate),
    windowMs: Number(windowMs),
  };
}

@Injectable()
export class RedisWaitingRoomStore extends WaitingRoomStore {
  private readonly joinScript: RedisScript<[string, number, TurnReply]>;
  private readonly turnScript: RedisScript<TurnReply>;
  private readonly admitScript: RedisScript<number>;
  private readonly spendScript: RedisScript<string>;
  private readonly giveBackScript: RedisScript<number>;
  private readonly recent = new RecentTurns(ROOM_FRESH_MS);

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    super();
    this.joinScript = defineScript(redis, { name: 'waiting-room-join', keys: 6, lua: JOIN_LUA });
    this.turnScript = defineScript(redis, { name: 'waiting-room-turn', keys: 6, lua: TURN_LUA });
    this.admitScript = defineScript(redis, { name: 'waiting-room-admit', keys: 6, lua: ADMIT_LUA });
    this.spendScript = defineScript(redis, { name: 'waiting-room-spend', keys: 6, lua: SPEND_LUA });
    this.giveBackScript = defineScript(redis, { name: 'waiting-room-give-back', keys: 6, lua: GIVE_BACK_LUA });
  }

  async join(eventoId: string, usuarioId: string, settings: WaitingRoomSettings, nowMs: number): Promise<TurnRecord> {
    const turnoId = randomBytes(16).toString('base64url');
    const token = randomBytes(32).toString('base64url');
    const [held, isNew, reply] = await this.joinScript.run(roomKeys(eventoId), [
      usuarioId,
      turnoId,
      token,
      settings.admitidos_por_minuto,
      settings.ventana_compra_s * 1000,
      nowMs,
      KEEP_MS,
    ]);
    if (isNew === 1) await this.redis.sadd(ROOMS, eventoId);
    const turn = turnOf(held, reply);
    if (!turn) throw new Error(`the turn ${held} vanished while joining`);
    this.recent.remember(eventoId, turn);
    return turn;
  }

  /** A poll: from this process's memory and the room's recent progress when it can, else one script. */
  async turn(eventoId: string, turnoId: string): Promise<TurnRecord | undefined> {
    const recent = await this.recent.turn(eventoId, turnoId, () => this.roomState(eventoId));
    if (recent) return recent;
    const turn = await this.readTurn(eventoId, turnoId);
    if (turn) this.recent.remember(eventoId, turn);
    return turn;
  }

  private async roomState(eventoId: string): Promise<RoomState | undefined> {
    const [admitted, rate, windowMs] = await this.redis.hmget(roomKeys(eventoId)[0], 'admitted', 'rate', 'window');
    if (rate === null || windowMs === null) return undefined;
    return { admittedUpTo: Number(admitted ?? 0), admittedPerMinute: Number(rate), windowMs: Number(windowMs) };
  }

  private async readTurn(eventoId: string, turnoId: string): Promise<TurnRecord | undefined> {
    return turnOf(turnoId, await this.turnScript.run(roomKeys(eventoId), [turnoId]));
  }

  async admit(eventoId: string, nowMs: number, settings?: WaitingRoomSettings): Promise<number> {
    const current = settings ? [settings.admitidos_por_minuto, settings.ventana_compra_s * 1000] : ['', ''];
    return Number(await this.admitScript.run(roomKeys(eventoId), [nowMs, KEEP_MS, ...current]));
  }

  rooms(): Promise<string[]> {
    return this.redis.smembers(ROOMS);
  }

  async forget(eventoId: string): Promise<void> {
    await this.redis.srem(ROOMS, eventoId);
  }

  async spend(
    eventoId: string,
    token: string,
    usuarioId: string,
    reservaId: string,
    nowMs: number,
    takingOverFrom = '',
  ): Promise<{ outcome: SpendOutcome; spentBy?: string }> {
    const reply = await this.spendScript.run(roomKeys(eventoId), [token, usuarioId, reservaId, nowMs, KEEP_MS, takingOverFrom]);
    return reply.startsWith('SPENT:') ? { outcome: 'SPENT', spentBy: reply.slice('SPENT:'.length) } : { outcome: reply as SpendOutcome };
  }

  async giveBack(eventoId: string, token: string, reservaId: string): Promise<void> {
    await this.giveBackScript.run(roomKeys(eventoId), [token, reservaId]);
  }
}
