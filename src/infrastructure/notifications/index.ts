export { NotificationsService, NOTIFICATIONS, DEFAULT_NOTIFICATION_SUBJECT, type NotificationsOptions, type ActionOutcome } from './notifications.service';
export { NotificationsModule } from './notifications.module';
export { TemplateRenderer, ORCHESTRATION_OBJECT_NAMES, type OrchestrationObjectName, type TemplateResult, type TemplateRendererOptions } from './templates';
export { buildTemplateContext, resourceView, labelDiver, type TemplateContextInput, type PrefectEventJson } from './template-context';
export { Mailer, messageIdFor, isEmailAddress, type MailerOptions, type MailMessage, type MailResult } from './mailer';
export { WebhookClient, isHttpUrl, type WebhookClientOptions, type WebhookRequest, type WebhookResult, type HttpMethod } from './webhook-client';
export {
  NotificationBlockSender,
  SUPPORTED_NOTIFICATION_BLOCK_TYPES,
  customWebhookRequest,
  type NotificationBlockType,
  type NotificationContent,
  type NotificationResult,
  type NotificationEndpoints,
} from './notification-blocks';
export { applyValues, findPlaceholders } from './placeholders';
