import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Who holds an access token, keyed by the token's SHA-256: resolving a token is a look-up by
 * `_id`, the only filter FerretDB's SQLite backend answers from an index (on the users
 * collection, `{access_token_hash}` was a scan per request, and per random token).
 */
@Schema({ collection: 'access_tokens', versionKey: false })
export class AccessToken {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) usuario_id!: string;
}

export const AccessTokenSchema = SchemaFactory.createForClass(AccessToken);
