import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SwitchEventSchema, type TopicNames } from '@lightpath/contracts';
import { ensureTopics, KafkaEventServer, MESSAGING_DEFAULTS, type JsonProducer } from '@lightpath/messaging';
import { createLogger, loadConfig } from '@lightpath/observability';
import { FabricState } from '@lightpath/state';
import type { Kafka } from 'kafkajs';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { OrchestratorConfigSchema } from './config/orchestrator.config';
import { FabricGraph } from './fabric/fabric-graph';
import { loadFabric } from './fabric/fabric-loader';
import { ConsumerStatus } from './health/consumer-status';
import { setupOpenApi } from './http/openapi.setup';
import { CommandSender } from './operations/command-sender';
import { OperationsService } from './operations/operations.service';
import { OrchestratorMetrics } from './operations/orchestrator-metrics';
import { OrchestratorModule } from './orchestrator.module';
import { KAFKA, PRODUCER, TOPICS } from './orchestrator.tokens';

/**
 * Orchestrator start-up: take a new epoch (fencing), rebuild the model from Redis, join the events
 * topic, ask every known switch for a fresh snapshot, then serve the API.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig(OrchestratorConfigSchema, process.env, 'orchestrator');
  const logger = createLogger('orchestrator', config.LOG_LEVEL);
  const state = FabricState.connect(config.REDIS_URL, config.FABRIC, config.ORCH_ID);
  const epoch = await state.nextEpoch();
  const graph = new FabricGraph();
  const loaded = await loadFabric(state, graph);
  logger.info({ epoch, fabric: config.FABRIC, ...loaded }, 'fabric loaded from redis');

  const app = await NestFactory.create(OrchestratorModule.forRoot({ config, logger, state, graph, epoch }), { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  setupOpenApi(app);

  const kafka = app.get<Kafka>(KAFKA);
  const topics = app.get<TopicNames>(TOPICS);
  await ensureTopics(kafka, [
    { topic: topics.events, partitions: MESSAGING_DEFAULTS.eventsPartitions },
    { topic: topics.deadLetters, partitions: MESSAGING_DEFAULTS.deadLetterPartitions },
  ]);
  const metrics = app.get(OrchestratorMetrics);
  const server = new KafkaEventServer({
    kafka,
    producer: app.get<JsonProducer>(PRODUCER),
    groupId: `lightpath-orchestrator-${config.FABRIC}`,
    topics: [topics.events],
    schema: SwitchEventSchema,
    deadLetterTopic: topics.deadLetters,
    logger,
    // A new group reads the topic from its start: registrations and acks sent while no orchestrator
    // was running (first start, failover) must not be lost. A known group resumes where it stopped.
    fromBeginning: true,
    onOutcome: (outcome) => metrics.messages.inc({ outcome }),
  });
  app.connectMicroservice({ strategy: server });
  app.get(ConsumerStatus).watch(() => server.isRunning);
  await app.startAllMicroservices();

  const operations = app.get(OperationsService);
  operations.startSweeper();
  await app.get(CommandSender).requestSnapshots(graph.switchIds(), config.COMMAND_TIMEOUT_MS);
  await app.listen(config.ORCH_HTTP_PORT, config.ORCH_HTTP_HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  logger.info({ api: `${url}/v1`, docs: `${url}/docs`, openapi: `${url}/openapi.json`, epoch }, 'orchestrator ready');
}

bootstrap().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
