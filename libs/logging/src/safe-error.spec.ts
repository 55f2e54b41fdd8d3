import { safeError, scrubMessage } from './safe-error';

describe(safeError.name, () => {
  it('drops what ioredis attaches to a reply error: the command and its arguments', () => {
    const error = Object.assign(new Error("OOM command not allowed when used memory > 'maxmemory'."), {
      name: 'ReplyError',
      command: { name: 'eval', args: ['script', '2', 'k1', 'k2', '{"nombre":"Ana","email":"ana@example.com"}'] },
    });
    const safe = safeError(error);
    expect(safe).toEqual({
      type: 'ReplyError',
      message: 'OOM command not allowed when used memory > "…".',
      stack: expect.stringMatching(/^\s+at /),
    });
    expect(JSON.stringify(safe)).not.toMatch(/Ana|example\.com/);
  });

  it("drops MongoDB's keyValue and errmsg, and the values in its message; keeps the code", () => {
    const error = Object.assign(
      new Error(
        'E11000 duplicate key error collection: eventflow_users.users index: email_hash_1 dup key: { email_hash: "9f86d081884c7d65" }',
      ),
      { name: 'MongoServerError', code: 11000, keyValue: { email_hash: '9f86d081884c7d65' }, errmsg: 'E11000 … 9f86d081884c7d65' },
    );
    const safe = safeError(error);
    expect(safe).toMatchObject({ type: 'MongoServerError', code: 11000 });
    expect(JSON.stringify(safe)).not.toContain('9f86d081884c7d65');
  });

  it('scrubs messages logged as strings', () => {
    expect(safeError('No user with id 65a0000000000000000000fc (ana@example.com, 12345678)')).toBe(
      'No user with id <id> (<email>, <number>)',
    );
  });
});

describe(scrubMessage.name, () => {
  it('takes out tokens and hashes but keeps words and short numbers', () => {
    expect(scrubMessage('token Ab3dEf9hIjKlMnOpQrStUvWxYz012345678901234 rejected by MongoServerSelectionError after 3 tries')).toBe(
      'token <token> rejected by MongoServerSelectionError after 3 tries',
    );
  });
});
