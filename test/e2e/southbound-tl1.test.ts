import { describeSouthbound } from '../support/southbound-e2e';

describeSouthbound('tl1', 'southbound TL1: a Calient-style switch driven over TL1 end to end');
