import { ReservationDocument } from '../domain/reservation';
import { refundProgressOf } from './refund-progress';

type Row = Pick<ReservationDocument, 'estado' | 'motivo'>;

describe(refundProgressOf.name, () => {
  it('counts only the reservations refunded because the event was cancelled', () => {
    const rows: Row[] = [
      { estado: 'cancelada', motivo: 'evento_cancelado' },
      { estado: 'cancelada', motivo: 'evento_cancelado' },
      { estado: 'cancelada' },
      { estado: 'fallida', motivo: 'pago_rechazado' },
    ];
    expect(refundProgressOf(rows)).toEqual({ refunded: 2, outstanding: 0, complete: true });
  });

  it('is not complete while a reservation is confirmed, still driven, or waiting for an operator', () => {
    for (const estado of ['confirmada', 'pendiente', 'compensando', 'cancelando', 'requiere_intervencion'] as const) {
      expect(refundProgressOf([{ estado: 'cancelada', motivo: 'evento_cancelado' }, { estado }])).toEqual({
        refunded: 1,
        outstanding: 1,
        complete: false,
      });
    }
  });

  it('an event without reservations is complete at once', () => {
    expect(refundProgressOf([])).toEqual({ refunded: 0, outstanding: 0, complete: true });
  });
});
