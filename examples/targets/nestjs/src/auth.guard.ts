import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

// Tokens of the two identities: admin may write, reader may only read.
const roles: Record<string, string> = { 'admin-token': 'admin', 'reader-token': 'reader' };

export const ADMIN = 'admin';

// BearerGuard follows the NestJS authentication guide: it throws
// UnauthorizedException when the bearer token is missing or unknown, which
// Nest answers with 401 and no WWW-Authenticate challenge (defect 1).
@Injectable()
export class BearerGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const [type, token] = (request.headers.authorization ?? '').split(' ');
    const role = type === 'Bearer' ? roles[token] : undefined;
    if (!role) {
      throw new UnauthorizedException();
    }
    const need = this.reflector.get<string>('role', context.getHandler());
    if (need === ADMIN && role !== ADMIN) {
      throw new ForbiddenException('Admin role required');
    }
    return true;
  }
}
