export { createAttachmentsService, attachmentsOfLead, type AttachmentsService } from './attachments.service';
export { createDiskFileStore, type FileStore } from './file-store';
export { createAttachmentsRepository, publicAttachment } from './attachments.repository';
