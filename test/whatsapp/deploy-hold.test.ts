/**
 * The inbox's hold during deploys, against the orders of events Node-RED
 * gives: one deploy, two overlapping (the second saved and stopped while the
 * first was still starting), a refused save, and a deploy that never says it
 * started.
 */
import { EventEmitter } from 'node:events';
import { DeployHold } from '../../platform/whatsapp/deploy-hold';
import { FLOWS_SAVE_FAILED, FLOWS_SAVING } from '../../platform/red/storage';

function setup() {
  const events = new EventEmitter();
  const log: string[] = [];
  const inbox = {
    isPaused: true,
    turnTimeoutMs: 30_000,
    pause() {
      this.isPaused = true;
      log.push('pause');
    },
    resume() {
      this.isPaused = false;
      log.push('resume');
    },
  };
  const turns = { interrupted: 0, interruptAll() { this.interrupted++; } };
  const warnings: string[] = [];
  const errors: string[] = [];
  const hold = new DeployHold(inbox, turns, { warn: (_obj: unknown, msg?: string) => void warnings.push(String(msg)), error: (_obj: unknown, msg?: string) => void errors.push(String(msg)) } as never);
  hold.attach(events);
  const emit = (...names: string[]) => names.forEach((name) => events.emit(name));
  /** A save's events carry its token, as storage.ts emits them. */
  const save = (token: string) => events.emit(FLOWS_SAVING, token);
  const saveFailed = (token: string) => events.emit(FLOWS_SAVE_FAILED, token);
  return { emit, save, saveFailed, inbox, turns, log, hold, warnings, errors };
}

afterEach(() => jest.useRealTimers());

it('goes on when the first flows have started, and holds from a deploy\'s save to its start', () => {
  const { emit, inbox, turns, hold } = setup();
  emit('flows:starting', 'flows:started');
  expect(inbox.isPaused).toBe(false);
  emit(FLOWS_SAVING);
  expect(inbox.isPaused).toBe(true);
  expect(turns.interrupted).toBe(1);
  emit('flows:stopping', 'flows:starting');
  expect(inbox.isPaused).toBe(true);
  emit('flows:started');
  expect(inbox.isPaused).toBe(false);
  hold.close();
});

it('stays held when a deploy\'s flows say they started after the next deploy began stopping them', () => {
  const { emit, inbox, hold } = setup();
  emit('flows:starting', 'flows:started');
  // Deploy 1 saves, stops and begins starting; deploy 2 saves and stops before deploy 1's start ends.
  emit(FLOWS_SAVING, 'flows:stopping', 'flows:starting', FLOWS_SAVING, 'flows:stopping');
  emit('flows:started'); // deploy 1's start, late
  expect(inbox.isPaused).toBe(true);
  emit('flows:starting', 'flows:started'); // deploy 2's
  expect(inbox.isPaused).toBe(false);
  // Saved only (not yet stopping) when the earlier start ends: held too.
  emit(FLOWS_SAVING, 'flows:stopping', 'flows:starting', FLOWS_SAVING, 'flows:started');
  expect(inbox.isPaused).toBe(true);
  emit('flows:stopping', 'flows:starting', 'flows:started');
  expect(inbox.isPaused).toBe(false);
  hold.close();
});

it('a refused save goes on after the turns it set aside have had their time, and begins nothing', () => {
  jest.useFakeTimers();
  const { emit, save, saveFailed, inbox, hold } = setup();
  emit('flows:starting', 'flows:started');
  save('a');
  saveFailed('a');
  expect(inbox.isPaused).toBe(true);
  jest.advanceTimersByTime(30_000);
  expect(inbox.isPaused).toBe(false);
  // A save refused while another deploy was starting does not hold that deploy's start.
  save('b');
  emit('flows:stopping', 'flows:starting');
  save('c');
  saveFailed('c');
  emit('flows:started');
  expect(inbox.isPaused).toBe(false);
  hold.close();
});

it('a save that never leads to a stop or start holds the inbox two minutes at most, and says so', () => {
  jest.useFakeTimers();
  const { emit, save, inbox, warnings, hold } = setup();
  emit('flows:starting', 'flows:started');
  save('a');
  jest.advanceTimersByTime(119_000);
  expect(inbox.isPaused).toBe(true);
  jest.advanceTimersByTime(1_000);
  expect(inbox.isPaused).toBe(false);
  expect(warnings).toHaveLength(1);
  hold.close();
});

it('flows stopped and never started again stay held, with an error: a partial deploy leaves whatsapp-in routing to removed nodes', () => {
  jest.useFakeTimers();
  const { emit, save, inbox, errors, hold } = setup();
  emit('flows:starting', 'flows:started');
  save('a');
  emit('flows:stopping');
  jest.advanceTimersByTime(10 * 60_000);
  expect(inbox.isPaused).toBe(true);
  expect(errors).toHaveLength(1);
  emit('flows:starting', 'flows:started');
  expect(inbox.isPaused).toBe(false);
  hold.close();
});

it('a save refused while another deploy stops the flows waits for that deploy\'s start, not its own 30 s', () => {
  jest.useFakeTimers();
  const { emit, save, saveFailed, inbox, hold } = setup();
  emit('flows:starting', 'flows:started');
  save('a');
  save('b');
  emit('flows:stopping');
  saveFailed('a');
  jest.advanceTimersByTime(60_000);
  expect(inbox.isPaused).toBe(true);
  emit('flows:starting', 'flows:started');
  expect(inbox.isPaused).toBe(false);
  hold.close();
});

it('a refused save undoes its own mark only: another save under way still holds an earlier start\'s end', () => {
  const { emit, save, saveFailed, inbox, hold } = setup();
  emit('flows:starting', 'flows:started');
  save('a');
  emit('flows:stopping', 'flows:starting');
  save('b');
  saveFailed('a');
  emit('flows:started'); // the start that began before b's save
  expect(inbox.isPaused).toBe(true);
  emit('flows:stopping', 'flows:starting', 'flows:started');
  expect(inbox.isPaused).toBe(false);
  hold.close();
});
