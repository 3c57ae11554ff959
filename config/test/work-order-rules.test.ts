import { describe, expect, it } from 'vitest';
import {
  canTransition,
  isPriorityRoad,
  priorityRoadOf,
  workOrderCauseText,
  nextStatesFor,
  WORK_ORDER_OPEN_STATES,
  WORK_ORDER_STATES,
  WORK_ORDER_TRANSITIONS,
  workOrderPriority,
} from '../src/domain/work-order-rules.ts';

describe('work-order rules', () => {
  it('lets only the hub verify, and a person reopen a verified order', () => {
    expect(canTransition('repaired', 'verified', 'system')).toBe(true);
    expect(canTransition('repaired', 'verified', 'user')).toBe(false);
    expect(canTransition('verified', 'reopened', 'user')).toBe(true);
    expect(canTransition('new', 'repaired', 'user')).toBe(false);
    expect(nextStatesFor('verified')).toEqual(['reopened']);
    expect(nextStatesFor('cancelled')).toEqual([]);
  });

  it('leaves no open state without a way out, and closes only through verified or cancelled', () => {
    for (const s of WORK_ORDER_OPEN_STATES)
      expect(
        WORK_ORDER_TRANSITIONS.some((t) => t.from === s),
        s,
      ).toBe(true);
    const closed = WORK_ORDER_STATES.filter((s) => !WORK_ORDER_OPEN_STATES.includes(s));
    expect(closed.sort()).toEqual(['cancelled', 'verified']);
  });

  it('raises priority on QL1, N2, QL50, QL62 (however typed) and in border communes', () => {
    for (const road of ['QL1', 'ql 1a', 'Quốc lộ 50', 'N2', 'QL.62']) expect(isPriorityRoad(road), road).toBe(true);
    for (const road of ['QL10', 'QL500', 'ĐT830', 'N21', '', null, undefined]) expect(isPriorityRoad(road), String(road)).toBe(false);
    // The programme report groups stations by which road: the matcher names it.
    expect(['QL 1A', 'Quốc lộ 50', 'n2', 'QL.62', 'QL10'].map(priorityRoadOf)).toEqual(['QL1', 'QL50', 'N2', 'QL62', null]);
    expect(workOrderPriority({ road: 'ĐT830', border: false })).toBe('normal');
    expect(workOrderPriority({ road: 'QL1', border: false })).toBe('high');
    expect(workOrderPriority({ road: null, border: true })).toBe('high');
    expect(workOrderPriority({ road: 'QL62', border: true })).toBe('urgent');
  });
});

describe('workOrderCauseText: an order cause as people read it', () => {
  it('words cause codes, keeps a cause typed by hand, and is empty for none', () => {
    expect(workOrderCauseText('covered', 'vi')).toBe('Ống kính bị che');
    expect(workOrderCauseText('covered', 'en')).toBe('Lens covered');
    expect(workOrderCauseText('station_offline', 'vi')).toBe('Trạm mất kết nối');
    expect(workOrderCauseText('down', 'en')).toBe('Camera down');
    expect(workOrderCauseText('cột bị gãy', 'en')).toBe('cột bị gãy');
    expect(workOrderCauseText(null, 'vi')).toBe('');
  });
});
