/** The service's command connection (fails fast while Redis is down). */
export const REDIS = Symbol('REDIS');
