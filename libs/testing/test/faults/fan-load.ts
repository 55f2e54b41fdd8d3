import { randomInt, randomUUID } from 'node:crypto';

/** A fan as the load knows them: their id and access token. */
export interface LoadFan {
  id: string;
  token: string;
}

/** What one logical purchase (or cancellation) ended as, after the client's retries. */
export type Outcome = 'confirmada' | 'rechazada' | 'cancelada' | 'abandonada';

export interface LoadTally {
  /** HTTP requests sent, retries included. */
  requests: number;
  outcomes: Record<Outcome, number>;
  /** Answers that break the HTTP contract: a 5xx other than 503, or a 503 without Retry-After. */
  contractBreaches: string[];
  /** Every answer by status and code ('503 RESERVATION.COMPENSATING', 'unreachable'…), to explain slow cases. */
  answers: Record<string, number>;
}

export interface LoadPlan {
  /** Reservations instances; a client moves to the next one when its connection fails (a load balancer would). */
  reservationUrls: () => string[];
  eventoId: string;
  fans: LoadFan[];
  /** How long fans keep arriving. */
  durationMs: number;
  /** How long one client keeps retrying a purchase before it gives up. */
  patienceMs?: number;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseJson(text: string): Answer['body'] {
  try {
    return text ? (JSON.parse(text) as Answer['body']) : undefined;
  } catch {
    return undefined;
  }
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { code?: string; reserva_id?: string; estado?: string } | undefined;
}

/**
 * Fans as real clients behave: most send each purchase with its own Idempotency-Key and retry
 * with it on a 503 (after Retry-After, capped at 2 s), a dropped connection or a 5xx (after 1 s,
 * on the next instance), and an `IDEMPOTENCY.IN_PROGRESS` (after 0.5 s); some re-send a purchase
 * that already succeeded, a few cancel what they bought, some send no key and never retry, and
 * greedy fans fire several reservations at once past the purchase limit.
 */
export async function runFanLoad(plan: LoadPlan): Promise<LoadTally> {
  const tally: LoadTally = {
    requests: 0,
    outcomes: { confirmada: 0, rechazada: 0, cancelada: 0, abandonada: 0 },
    contractBreaches: [],
    answers: {},
  };
  const patience = plan.patienceMs ?? 45_000;
  let instance = 0;

  const send = async (
    method: 'POST' | 'DELETE',
    path: string,
    fan: LoadFan,
    body?: object,
    key?: string,
  ): Promise<Answer | 'unreachable'> => {
    const urls = plan.reservationUrls();
    const url = urls[instance % urls.length];
    tally.requests += 1;
    try {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${fan.token}`,
          ...(body && { 'content-type': 'application/json' }),
          ...(key && { 'idempotency-key': key }),
        },
        body: body && JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      const answer: Answer = { status: response.status, retryAfter: response.headers.get('retry-after'), body: parseJson(text) };
      const seen = `${answer.status} ${answer.body?.code ?? ''}`.trim();
      tally.answers[seen] = (tally.answers[seen] ?? 0) + 1;
      if (answer.status >= 500 && answer.status !== 503)
        tally.contractBreaches.push(`${method} ${path}: ${answer.status} ${text.slice(0, 200)}`);
      if (answer.status === 503 && !answer.retryAfter)
        tally.contractBreaches.push(`${method} ${path}: 503 without Retry-After ${text.slice(0, 200)}`);
      return answer;
    } catch {
      tally.answers.unreachable = (tally.answers.unreachable ?? 0) + 1;
      instance += 1;
      return 'unreachable';
    }
  };

  /** Sends until a final answer; undefined when the client's patience ran out. */
  const untilFinal = async (attempt: () => Promise<Answer | 'unreachable'>): Promise<Answer | undefined> => {
    const deadline = Date.now() + patience;
    while (Date.now() < deadline) {
      const answer = await attempt();
      if (answer === 'unreachable' || (answer.status >= 500 && answer.status !== 503)) await pause(1_000);
      else if (answer.status === 503) await pause(Math.min(2, Number(answer.retryAfter) || 1) * 1_000);
      else if (answer.status === 409 && answer.body?.code === 'IDEMPOTENCY.IN_PROGRESS') await pause(500);
      else return answer;
    }
    return undefined;
  };

  const buy = async (fan: LoadFan, cantidad: number, key: string | undefined): Promise<Answer | undefined> => {
    const body = { usuario_id: fan.id, evento_id: plan.eventoId, cantidad };
    if (!key) {
      const once = await send('POST', '/api/reservar', fan, body);
      return once === 'unreachable' || once.status >= 500 ? undefined : once;
    }
    return untilFinal(() => send('POST', '/api/reservar', fan, body, key));
  };

  const record = (answer: Answer | undefined) => {
    if (!answer) tally.outcomes.abandonada += 1;
    else if (answer.status === 201) tally.outcomes.confirmada += 1;
    else tally.outcomes.rechazada += 1;
  };

  const session = async (fan: LoadFan, index: number) => {
    if (index % 10 === 9) {
      // Greedy: four 3-ticket reservations at once, 12 > the limit of 10.
      const answers = await Promise.all([1, 2, 3, 4].map(() => buy(fan, 3, randomUUID())));
      answers.forEach(record);
      return;
    }
    const keyed = index % 5 !== 4;
    for (let purchase = 0; purchase < 2; purchase++) {
      const key = keyed ? randomUUID() : undefined;
      const cantidad = randomInt(1, 4);
      const answer = await buy(fan, cantidad, key);
      record(answer);
      if (answer?.status === 201 && key && randomInt(100) < 30) {
        // The same purchase sent again (a double click, a client that lost the answer): it must replay.
        await pause(randomInt(200, 1_500));
        const replay = await buy(fan, cantidad, key);
        if (replay && replay.status === 201 && replay.body?.reserva_id !== answer.body?.reserva_id)
          tally.contractBreaches.push(
            `a replayed key answered another reservation: ${answer.body?.reserva_id} then ${replay.body?.reserva_id}`,
          );
      }
      if (answer?.status === 201 && randomInt(100) < 15) {
        await pause(randomInt(200, 1_500));
        const cancelled = await untilFinal(() => send('DELETE', `/api/reservar/${answer.body?.reserva_id}`, fan));
        if (cancelled?.status === 200) tally.outcomes.cancelada += 1;
      }
    }
  };

  const spacing = plan.durationMs / plan.fans.length;
  await Promise.all(
    plan.fans.map(async (fan, index) => {
      await pause(Math.round(index * spacing));
      await session(fan, index);
    }),
  );
  return tally;
}
