import { describeSouthbound } from '../support/southbound-e2e';

describeSouthbound('netconf', 'southbound NETCONF: a Polatis-style switch driven over NETCONF on SSH end to end');
