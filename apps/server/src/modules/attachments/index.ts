export { createAttachmentsService, attachmentsOfLead, type AttachmentsService } from './attachments.service';
export { createDiskFileStore, type FileStore } from './file-store';
export { fileStoreOf } from './store-of-config';
export { createAttachmentsRepository, publicAttachment } from './attachments.repository';
