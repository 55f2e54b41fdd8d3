/** Port: whether a fan exists (users service). */
export abstract class UserDirectory {
  abstract exists(usuarioId: string): Promise<boolean>;
}
