import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { FAN_TOKEN_VERIFIER } from '@eventflow/auth';
import { ExportUsersHandler } from './export/export-users.handler';
import { PrivacyModule } from './privacy/privacy.module';
import { GetProfileHandler } from './profile/get-profile.handler';
import { ProfileCache } from './profile/profile.cache';
import { PurchaseHistoryHandler } from './purchases/purchase-history.handler';
import { RegisterFanHandler } from './registration/register-fan.handler';
import { FanTokenResolver } from './tokens/fan-token.resolver';
import { UserRepository } from './users/user.repository';
import { ExportAudit, ExportAuditSchema, User, UserSchema } from './users/user.schema';
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
    ]),
  ],
  controllers: [UsersController, UsersRpcController],
  providers: [
    UserRepository,
    ProfileCache,
    RegisterFanHandler,
    GetProfileHandler,
    PurchaseHistoryHandler,
    ExportUsersHandler,
    FanTokenResolver,
    { provide: FAN_TOKEN_VERIFIER, useExisting: FanTokenResolver },
  ],
  exports: [FAN_TOKEN_VERIFIER],
})
export class UsersModule {}
