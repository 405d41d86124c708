export { endpoint, roundTrips } from '../../src/simulator/calls.js';
