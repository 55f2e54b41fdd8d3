import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { FAN_TOKEN_VERIFIER } from '@eventflow/auth';
import { ExportAuditRepository } from './export/export-audit.repository';
import { ExportUsersUseCase } from './export/export-users.use-case';
import { PrivacyModule } from './privacy/privacy.module';
import { GetProfileUseCase } from './profile/get-profile.use-case';
import { ProfileCache } from './profile/profile.cache';
import { PurchaseHistoryUseCase } from './purchases/purchase-history.use-case';
import { RegisterFanUseCase } from './registration/register-fan.use-case';
import { AccessTokenBackfill } from './tokens/access-token.backfill';
import { AccessTokenRepository } from './tokens/access-token.repository';
import { AccessToken, AccessTokenSchema } from './tokens/access-token.schema';
import { FanTokenResolver } from './tokens/fan-token.resolver';
import { UserRepository } from './users/user.repository';
import { ExportAudit, ExportAuditSchema, User, UserSchema } from './users/user.schema';
import { UserWriteLock } from './users/user-write.lock';
import { UsersController } from './users.controller';
import { UsersRpcController } from './users.rpc-controller';

/** Global so the AccessGuard (in AuthModule) can resolve fan tokens through FAN_TOKEN_VERIFIER. */
@Global()
@Module({
  imports: [
    PrivacyModule,
    MongooseModule.forFeature([
      { name: User.name, schema: UserSchema },
      { name: ExportAudit.name, schema: ExportAuditSchema },
      { name: AccessToken.name, schema: AccessTokenSchema },
    ]),
  ],
  controllers: [UsersController, UsersRpcController],
  providers: [
    UserRepository,
    UserWriteLock,
    AccessTokenRepository,
    AccessTokenBackfill,
    ExportAuditRepository,
    ProfileCache,
    RegisterFanUseCase,
    GetProfileUseCase,
    PurchaseHistoryUseCase,
    ExportUsersUseCase,
    FanTokenResolver,
    { provide: FAN_TOKEN_VERIFIER, useExisting: FanTokenResolver },
  ],
  exports: [FAN_TOKEN_VERIFIER],
})
export class UsersModule {}
