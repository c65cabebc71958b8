import type { Provider } from '@nestjs/common';
import type { FabricState } from '@lightpath/state';
import { STATE } from '../orchestrator.tokens';
import { ReservationLifecycle } from './reservation-lifecycle.service';
import { ReservationPlacer } from './reservation-placer.service';
import { ReservationQueue } from './reservation-queue.service';
import { ReservationSweeper } from './reservation-sweeper.service';
import { RESERVATION_STORE } from './reservations.constants';
import { ReservationsService } from './reservations.service';

/** The reservations feature's providers (ReservationsModule). */
export const RESERVATION_PROVIDERS: Provider[] = [
  { provide: RESERVATION_STORE, useFactory: (state: FabricState) => state.reservationStore(), inject: [STATE] },
  ReservationPlacer,
  ReservationLifecycle,
  ReservationQueue,
  ReservationSweeper,
  ReservationsService,
];
