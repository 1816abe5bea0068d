import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { NOTIFICATIONS, NotificationsService, type NotificationsOptions } from './notifications.service';

/**
 * Provides `NOTIFICATIONS` (a `NotificationsService`). The composition root passes options built from `AppConfig`
 * (SMTP URL and From address, UI URL), since config is read only in `src/config`.
 */
@Module({})
export class NotificationsModule {
  static forRoot(options: NotificationsOptions | (() => NotificationsOptions)): DynamicModule {
    return {
      module: NotificationsModule,
      providers: [
        { provide: NOTIFICATIONS, useFactory: () => new NotificationsService(typeof options === 'function' ? options() : options) },
        { provide: NotificationsShutdown, useFactory: (s: NotificationsService) => new NotificationsShutdown(s), inject: [NOTIFICATIONS] },
      ],
      exports: [NOTIFICATIONS],
    };
  }
}

/** Closes pooled SMTP connections when the app stops. */
class NotificationsShutdown implements OnApplicationShutdown {
  constructor(private readonly service: NotificationsService) {}
  onApplicationShutdown(): void {
    this.service.close();
  }
}
