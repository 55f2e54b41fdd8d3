import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { defineScript, REDIS, RedisScript } from '@eventflow/redis';
import { OfferClaim, WaitingFan, WaitingListEntry, WaitingListOffer, WaitingListStore } from '../ports/waiting-list.port';
import { CLAIM_LUA, ENTRY_LUA, EXPIRE_LUA, JOIN_LIST_LUA, LEAVE_LUA, NEXT_LUA, OFFER_LUA } from './waiting-list.lua';

const PREFIX = 'eventflow:reservations:';
/** Every event whose list may have fans: what the offer job walks. */
const LISTS = `${PREFIX}waiting-lists`;
const KEEP_MS = 30 * 24 * 3600 * 1000;

/** The three keys of one list, sharing the hash tag {evento:<id>} (see waiting-list.lua). */
function listKeys(eventoId: string): string[] {
  const base = `${PREFIX}{evento:${eventoId}}:lista:`;
  return ['fans', 'cantidades', 'ofertas'].map((name) => base + name);
}

function offerOf(raw: string): WaitingListOffer | undefined {
  if (raw === '') return undefined;
  const [reservaId, cantidad, expires] = raw.split('|');
  return { reservaId, cantidad: Number(cantidad), expiresAtMs: Number(expires) };
}

const encode = (offer: WaitingListOffer) => `${offer.reservaId}|${offer.cantidad}|${offer.expiresAtMs}`;

type EntryReply = [number, number, string];

@Injectable()
export class RedisWaitingListStore extends WaitingListStore {
  private readonly scripts: Record<'join' | 'entry' | 'leave' | 'next' | 'offer' | 'expire' | 'claim', RedisScript>;

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    super();
    const script = (name: string, lua: string) => defineScript(redis, { name: `waiting-list-${name}`, keys: 3, lua });
    this.scripts = {
      join: script('join', JOIN_LIST_LUA),
      entry: script('entry', ENTRY_LUA),
      leave: script('leave', LEAVE_LUA),
      next: script('next', NEXT_LUA),
      offer: script('offer', OFFER_LUA),
      expire: script('expire', EXPIRE_LUA),
      claim: script('claim', CLAIM_LUA),
    };
  }

  async join(eventoId: string, usuarioId: string, cantidad: number): Promise<WaitingListEntry> {
    const reply = (await this.scripts.join.run(listKeys(eventoId), [usuarioId, cantidad, KEEP_MS])) as EntryReply;
    await this.redis.sadd(LISTS, eventoId);
    return entryOf(reply);
  }

  async leave(eventoId: string, usuarioId: string): Promise<{ left: boolean; offer?: WaitingListOffer }> {
    const [removed, offer] = (await this.scripts.leave.run(listKeys(eventoId), [usuarioId])) as [number, string];
    const held = offerOf(offer);
    return { left: Number(removed) === 1, ...(held && { offer: held }) };
  }

  async entry(eventoId: string, usuarioId: string): Promise<WaitingListEntry | undefined> {
    const reply = (await this.scripts.entry.run(listKeys(eventoId), [usuarioId])) as EntryReply | null;
    return reply ? entryOf(reply) : undefined;
  }

  lists(): Promise<string[]> {
    return this.redis.smembers(LISTS);
  }

  async forget(eventoId: string): Promise<void> {
    await this.redis.srem(LISTS, eventoId);
  }

  size(eventoId: string): Promise<number> {
    return this.redis.zcard(listKeys(eventoId)[0]);
  }

  async nextToOffer(eventoId: string, available: number): Promise<WaitingFan | undefined> {
    const reply = (await this.scripts.next.run(listKeys(eventoId), [available])) as [string, number] | null;
    return reply ? { usuarioId: reply[0], cantidad: Number(reply[1]) } : undefined;
  }

  async recordOffer(eventoId: string, usuarioId: string, offer: WaitingListOffer): Promise<boolean> {
    return Number(await this.scripts.offer.run(listKeys(eventoId), [usuarioId, encode(offer)])) === 1;
  }

  async expireOffers(eventoId: string, nowMs: number): Promise<WaitingListOffer[]> {
    const expired = (await this.scripts.expire.run(listKeys(eventoId), [nowMs])) as string[];
    return expired.map((raw) => offerOf(raw)!);
  }

  async offers(eventoId: string): Promise<WaitingListOffer[]> {
    return Object.values(await this.redis.hgetall(listKeys(eventoId)[2])).map((raw) => offerOf(raw)!);
  }

  async isOffered(eventoId: string, reservaId: string): Promise<boolean> {
    return (await this.offers(eventoId)).some((offer) => offer.reservaId === reservaId);
  }

  async clear(eventoId: string): Promise<void> {
    await this.redis.del(...listKeys(eventoId));
    await this.forget(eventoId);
  }

  async claim(eventoId: string, usuarioId: string, cantidad: number, nowMs: number): Promise<OfferClaim> {
    const [taken, value] = (await this.scripts.claim.run(listKeys(eventoId), [usuarioId, cantidad, nowMs])) as [number, string | number];
    return Number(taken) === 1 ? { kind: 'offer', reservaId: String(value) } : { kind: 'none', waiting: Number(value) };
  }
}

function entryOf([posicion, cantidad, offer]: EntryReply): WaitingListEntry {
  const held = offerOf(offer);
  return { posicion: Number(posicion), cantidad: Number(cantidad), ...(held && { oferta: held }) };
}
