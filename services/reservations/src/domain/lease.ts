/** Which saga run may write a reservation, and for how long (the run's Redis lock fences its writes). */
export interface Lease {
  owner: string;
  ms: number;
}

/** This saga run no longer owns the reservation (its lease expired and recovery took over). */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}
