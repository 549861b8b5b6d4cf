-- A database as QuizBot wrote it before the model snapshot (commit 88cdb53, EF Core 10.0.14): the three
-- hand-written migrations applied and one row of every kind saved through EF, then `sqlite3 quizbot.db .dump`.
-- MigrationUpgradeTests upgrades it in place. Do not regenerate: it stands for databases already deployed.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
    "Timestamp" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);
INSERT INTO __EFMigrationsHistory VALUES('20261122000000_Initial','10.0.14');
INSERT INTO __EFMigrationsHistory VALUES('20261122010000_TelegramDelivery','10.0.14');
INSERT INTO __EFMigrationsHistory VALUES('20261122020000_UpdateInbox','10.0.14');
CREATE TABLE IF NOT EXISTS "Units" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Units" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "ParentId" INTEGER NULL,
    "FormerDistrict" TEXT NULL,
    "ValidFrom" TEXT NULL,
    "ValidUntil" TEXT NULL,
    "SortOrder" INTEGER NOT NULL,
    CONSTRAINT "FK_Units_Units_ParentId" FOREIGN KEY ("ParentId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO Units VALUES(1,'HN','Hà Nội',0,NULL,NULL,NULL,NULL,1);
INSERT INTO Units VALUES(2,'HN-BD-01','Chi bộ 1',4,1,'Ba Đình','2025-07-01','2030-06-30',2);
CREATE TABLE IF NOT EXISTS "Participants" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Participants" PRIMARY KEY AUTOINCREMENT,
    "Transport" INTEGER NOT NULL,
    "ExternalId" INTEGER NOT NULL,
    "ChatId" INTEGER NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "Language" TEXT NOT NULL,
    "Step" INTEGER NOT NULL,
    "UnitId" INTEGER NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "RegisteredAt" TEXT NULL,
    CONSTRAINT "FK_Participants_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
INSERT INTO Participants VALUES(1,1,5000000001,-1001234567890,'Nguyễn Văn A','en',3,2,0,'2026-11-20 08:15:30.25','2026-11-20 08:17:30.25');
CREATE TABLE IF NOT EXISTS "Questions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Questions" PRIMARY KEY AUTOINCREMENT,
    "Key" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "Topic" TEXT NOT NULL,
    "Type" INTEGER NOT NULL,
    "Difficulty" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "Content" TEXT NOT NULL,
    "ValidFrom" TEXT NULL,
    "ValidUntil" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "SourceFile" TEXT NOT NULL,
    "RetiredAt" TEXT NULL
);
INSERT INTO Questions VALUES(1,'charter-01',2,'sha256:abc','charter',1,3,0,'{"text":{"vi":"C\u00E2u h\u1ECFi?","en":"Question?"},"options":[{"vi":"M\u1ED9t","en":"One"},{"vi":"Hai","en":"Two"},{"vi":"Ba","en":"Three"}],"answer":[0,2],"explanation":{"vi":"V\u00EC","en":"Because"},"source":"\u0110i\u1EC1u l\u1EC7","modelAnswer":null,"guidance":null}','2026-01-01',NULL,'2026-11-20 08:15:30.25','charter.yaml','2026-11-21 08:15:30.25');
CREATE TABLE IF NOT EXISTS "PracticeSessions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PracticeSessions" PRIMARY KEY AUTOINCREMENT,
    "ParticipantId" INTEGER NOT NULL,
    "Transport" INTEGER NOT NULL,
    "ChatId" INTEGER NOT NULL,
    "Topic" TEXT NULL,
    "QuestionIds" TEXT NOT NULL,
    "ShuffleSeed" INTEGER NOT NULL,
    "CurrentIndex" INTEGER NOT NULL,
    "CurrentMessageId" INTEGER NULL,
    "CurrentDeadline" TEXT NULL,
    "CurrentAskedAt" TEXT NULL,
    "CurrentSelection" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "FinishedAt" TEXT NULL,
    CONSTRAINT "FK_PracticeSessions_Participants_ParticipantId" FOREIGN KEY ("ParticipantId") REFERENCES "Participants" ("Id") ON DELETE RESTRICT
);
INSERT INTO PracticeSessions VALUES(1,1,1,-1001234567890,'charter','[1,7,3]',-12345,1,42,'2026-11-20 08:16:00.25','2026-11-20 08:15:30.25','[2]',0,'2026-11-20 08:14:30.25',NULL);
CREATE TABLE IF NOT EXISTS "Answers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Answers" PRIMARY KEY AUTOINCREMENT,
    "ParticipantId" INTEGER NOT NULL,
    "SessionId" INTEGER NOT NULL,
    "QuestionId" INTEGER NOT NULL,
    "Position" INTEGER NOT NULL,
    "Chosen" TEXT NOT NULL,
    "IsCorrect" INTEGER NOT NULL,
    "TimedOut" INTEGER NOT NULL,
    "ElapsedMs" INTEGER NOT NULL,
    "AnsweredAt" TEXT NOT NULL,
    CONSTRAINT "FK_Answers_Participants_ParticipantId" FOREIGN KEY ("ParticipantId") REFERENCES "Participants" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Answers_PracticeSessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "PracticeSessions" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Answers_Questions_QuestionId" FOREIGN KEY ("QuestionId") REFERENCES "Questions" ("Id") ON DELETE RESTRICT
);
INSERT INTO Answers VALUES(1,1,1,1,0,'[0,2]',1,0,4321,'2026-11-20 08:15:35.25');
CREATE TABLE IF NOT EXISTS "TransportStates" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_TransportStates" PRIMARY KEY,
    "Value" TEXT NOT NULL
);
INSERT INTO TransportStates VALUES('telegram.offset','123457');
CREATE TABLE IF NOT EXISTS "Outbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Outbox" PRIMARY KEY AUTOINCREMENT,
    "ChatId" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "MessageId" INTEGER NULL,
    "Text" TEXT NOT NULL,
    "ReplyMarkup" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DoneAt" TEXT NULL,
    "Error" TEXT NULL
, "UpdateId" INTEGER NULL);
INSERT INTO Outbox VALUES(1,-1001234567890,2,42,'Đúng rồi!','{"inline_keyboard":[[{"text":"Tiếp","callback_data":"n:1"}]]}',2,3,'2026-11-20 08:15:30.25','2026-11-20 08:15:31.25','Bad Request: message is not modified',123456);
CREATE TABLE IF NOT EXISTS "ProcessedUpdates" (
    "UpdateId" INTEGER NOT NULL CONSTRAINT "PK_ProcessedUpdates" PRIMARY KEY,
    "Instance" TEXT NOT NULL,
    "Done" INTEGER NOT NULL,
    "ReceivedAt" TEXT NOT NULL
, "Payload" TEXT NULL);
INSERT INTO ProcessedUpdates VALUES(123456,'host-1:4242',1,'2026-11-20 08:15:30.25','{"update_id":123456,"message":{"text":"/start"}}');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('Units',2);
INSERT INTO sqlite_sequence VALUES('Questions',1);
INSERT INTO sqlite_sequence VALUES('Participants',1);
INSERT INTO sqlite_sequence VALUES('PracticeSessions',1);
INSERT INTO sqlite_sequence VALUES('Answers',1);
INSERT INTO sqlite_sequence VALUES('Outbox',1);
CREATE UNIQUE INDEX "IX_Units_Code" ON "Units" ("Code");
CREATE INDEX "IX_Units_ParentId" ON "Units" ("ParentId");
CREATE UNIQUE INDEX "IX_Participants_Transport_ExternalId" ON "Participants" ("Transport", "ExternalId");
CREATE INDEX "IX_Participants_UnitId" ON "Participants" ("UnitId");
CREATE UNIQUE INDEX "IX_Questions_Key_Version" ON "Questions" ("Key", "Version");
CREATE INDEX "IX_Questions_RetiredAt" ON "Questions" ("RetiredAt");
CREATE INDEX "IX_PracticeSessions_ParticipantId_Status" ON "PracticeSessions" ("ParticipantId", "Status");
CREATE INDEX "IX_PracticeSessions_Status_CurrentDeadline" ON "PracticeSessions" ("Status", "CurrentDeadline");
CREATE UNIQUE INDEX "IX_Answers_ParticipantId_SessionId_QuestionId" ON "Answers" ("ParticipantId", "SessionId", "QuestionId");
CREATE INDEX "IX_Answers_SessionId" ON "Answers" ("SessionId");
CREATE INDEX "IX_Answers_QuestionId" ON "Answers" ("QuestionId");
CREATE INDEX "IX_Outbox_Status_Id" ON "Outbox" ("Status", "Id");
CREATE INDEX "IX_ProcessedUpdates_ReceivedAt" ON "ProcessedUpdates" ("ReceivedAt");
CREATE INDEX "IX_Outbox_UpdateId" ON "Outbox" ("UpdateId");
COMMIT;
