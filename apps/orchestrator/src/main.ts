import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwitchEventSchema, type TopicNames } from '@lightpath/contracts';
import { isTransientKafkaError, MESSAGING_DEFAULTS, MessagingService } from '@lightpath/messaging';
import { createLogger, exitOnStartupFailure, installLastResortHandlers, loadConfig, type Logger } from '@lightpath/observability';
import { FabricState, describeRedisTarget, preflightRedis, redisTarget } from '@lightpath/state';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { OrchestratorConfigSchema } from './config/orchestrator.config';
import { FabricGraph } from './fabric/fabric-graph';
import { loadFabric } from './fabric/fabric-loader';
import { ConsumerStatus } from './health/consumer-status';
import { setupConsole } from './http/console.setup';
import { setupOpenApi } from './http/openapi.setup';
import { LeadershipService } from './leader/leadership.service';
import { OrchestratorMetrics } from './engine/orchestrator-metrics';
import { OrchestratorModule } from './orchestrator.module';
import { TOPICS } from './orchestrator.tokens';

/**
 * Orchestrator start-up: rebuild the model from Redis, join the events topic, serve the API, then
 * contend for the fabric's leader lease. The leader (a new epoch per term, for fencing) asks every
 * switch for a fresh snapshot and adopts operations a dead predecessor left open; a follower
 * answers reads from the same model, kept fresh by the same events.
 */
/** Set once the logger exists, so a failed start is reported as a JSON line by it. */
let startupLogger: Logger | undefined;

async function bootstrap(): Promise<void> {
  const config = loadConfig(OrchestratorConfigSchema, process.env, 'orchestrator');
  const logger = createLogger('orchestrator', config.LOG_LEVEL);
  startupLogger = logger;
  installLastResortHandlers(logger, { recoverable: isTransientKafkaError });
  const redis = redisTarget(config);
  // A layout that cannot work (cluster nodes without cluster mode, no Sentinel knowing the name) stops
  // the start with one line; nodes that merely do not answer yet are logged, and readiness says false.
  const { unreachable } = await preflightRedis(redis);
  if (unreachable.length > 0) logger.warn({ unreachable }, `${describeRedisTarget(redis)}: some nodes do not answer yet; requests answer 503 until Redis serves`);
  const state = FabricState.connect(redis, config.FABRIC, config.ORCH_ID, { commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS });
  // Once per outage, not once per failed request (those answer 503 STATE_UNAVAILABLE quietly).
  state.onConnectionChange((up, why) => (up ? logger.info({ redis: describeRedisTarget(redis) }, 'redis connection ready') : logger.warn({ why }, 'redis connection lost; requests answer 503 STATE_UNAVAILABLE until it is back')));
  const graph = new FabricGraph();
  const loaded = await loadFabric(state, graph);
  logger.info({ fabric: config.FABRIC, ...loaded }, 'fabric loaded from redis');

  const app = await NestFactory.create<NestExpressApplication>(OrchestratorModule.forRoot({ config, logger, state, graph }), { bufferLogs: true });
  // A fabric spec is one JSON body (PUT /v1/fabric): a full 64-cube pod is about 570 kB, past Express's
  // 100 kB default; 1,000 Calient-sized OCS are about 60 MB (ORCH_JSON_BODY_LIMIT_MB).
  app.useBodyParser('json', { limit: `${config.ORCH_JSON_BODY_LIMIT_MB}mb` });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  setupOpenApi(app);
  setupConsole(app);

  const messaging = app.get(MessagingService);
  const topics = app.get<TopicNames>(TOPICS);
  await messaging.ensureTopics([
    { topic: topics.events, partitions: MESSAGING_DEFAULTS.eventsPartitions },
    { topic: topics.deadLetters, partitions: MESSAGING_DEFAULTS.deadLetterPartitions },
  ]);
  const metrics = app.get(OrchestratorMetrics);
  const server = messaging.eventServer({
    // One group per replica: every replica sees every event, so followers' models stay fresh for
    // reads and an ack is handled even while no leader is elected (closing is exactly-once in Redis).
    groupId: `lightpath-orchestrator-${config.FABRIC}-${config.ORCH_ID}`,
    topics: [topics.events],
    schema: SwitchEventSchema,
    deadLetterTopic: topics.deadLetters,
    logger,
    // A known group resumes where it stopped. A new replica starts at the end: it has just loaded the
    // state from Redis, and replaying old snapshots would write stale state back; a registration it
    // missed is asked for again (SwitchEventsController).
    fromBeginning: false,
    // Every events partition at once: acks of a stage's many switches arrive spread over them, and
    // each ack waits on a Redis round trip; one switch's events still stay in order (one partition).
    partitionsConsumedConcurrently: MESSAGING_DEFAULTS.eventsPartitions,
    onOutcome: (outcome) => metrics.messages.inc({ outcome }),
  });
  app.connectMicroservice({ strategy: server });
  app.get(ConsumerStatus).watch(() => server.consumerStatus());
  await app.startAllMicroservices();

  await app.listen(config.ORCH_HTTP_PORT, config.ORCH_HTTP_HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  const leadership = app.get(LeadershipService);
  await leadership.start(url);
  const { isLeader, epoch } = leadership.current;
  logger.info({ api: `${url}/v1`, docs: `${url}/docs`, openapi: `${url}/openapi.json`, role: isLeader ? 'leader' : 'follower', epoch }, 'orchestrator ready');
}

bootstrap().catch((err: unknown) => exitOnStartupFailure('orchestrator', err, startupLogger));
