using Dapper;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Validation;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Marina.Mandates;
using Monolith.Modules.Marina.Shared;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.DirectDebits.Running;

internal sealed record DebitFile(DateOnly CollectionDate, string MessageId, string FileName, string Xml, int Count, long ControlSum);

/// <summary>The direct-debit run of an office: prepare (schedule the debits of open invoices whose holder has an active mandate, at least
/// the notice period ahead, and pre-notify each holder), seal a collection date into its pain.008 file, settle on the collection date,
/// reject. Every step is idempotent (deterministic debit ids, deciders that return nothing when done, e-mails keyed by debit).</summary>
internal sealed class DirectDebitService(
    CommandHandler handler, IReadModelDatabase connections, IBillingService billing, IOfficeDirectory offices, INotifier notifier, MarinaOptions options,
    IEventStore store, EventSerializer serializer, TimeProvider time)
{
    /// <summary>Schedules the debits of every open marina invoice paid by direct debit; returns the debits scheduled now.</summary>
    public async Task<IReadOnlyList<(DateOnly CollectionDate, Debit Debit)>> PrepareAsync(string officeId, DateOnly today, CancellationToken ct)
    {
        var legal = await CreditorAsync(officeId, ct);
        await using var connection = await connections.OpenAsync(ct);
        var candidates = await connection.QueryAsync<(string InvoiceId, string Number, string HolderId, string? ContractId, string DueDate)>(
            """
            SELECT i.invoice_id, i.number, i.holder_id, i.contract_id, i.due_date FROM marina_invoices i
            WHERE i.office_id = @officeId
              AND EXISTS (SELECT 1 FROM marina_mandates m WHERE m.office_id = i.office_id AND m.holder_id = i.holder_id AND m.status = 'active')
              AND NOT EXISTS (SELECT 1 FROM marina_debits d WHERE d.office_id = i.office_id AND d.invoice_id = i.invoice_id AND d.status <> 'rejected')
            ORDER BY i.issue_date, i.number
            """,
            new { officeId });
        var scheduled = new List<(DateOnly, Debit)>();
        foreach (var c in candidates)
        {
            var balance = (await billing.GetPaymentRequestAsync(officeId, c.InvoiceId, ct))?.Amount ?? 0;
            if (balance <= 0)
            {
                continue;
            }

            // The invoice's contract's mandate first, then another contract's, then one without a contract (a NULL comparison spelled
            // out: the engines sort NULL at opposite ends), the latest signed.
            var mandate = await connection.QueryFirstAsync<(string MandateId, string Rum)>(
                """
                SELECT mandate_id, rum FROM marina_mandates WHERE office_id = @officeId AND holder_id = @HolderId AND status = 'active'
                ORDER BY CASE WHEN contract_id = @ContractId THEN 2 WHEN contract_id IS NOT NULL AND @ContractId IS NOT NULL THEN 1 ELSE 0 END DESC,
                         signed_on DESC LIMIT 1
                """,
                new { officeId, c.HolderId, c.ContractId });
            var due = Day.Parse(c.DueDate);
            var earliest = today.AddDays(options.PreNotificationDays);
            var collectionDate = TargetCalendar.OnOrAfter(due > earliest ? due : earliest);
            var debitId = DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"marina-debit/{officeId}/{c.InvoiceId}/{Day.Iso(collectionDate)}").ToString("N");
            var debit = new Debit(debitId, c.HolderId, c.InvoiceId, c.Number, balance, mandate.MandateId, mandate.Rum);
            var result = await handler.HandleAsync(DebitRun.For(officeId, collectionDate), DebitRun.StreamId(officeId, collectionDate),
                new ScheduleDebit(debit, today, options.PreNotificationDays, time.GetUtcNow()),
                CommandContexts.ForSystem(officeId, "marina", deterministicSeed: DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"schedule/{debitId}")), ct: ct);
            await PreNotifyAsync(officeId, legal, collectionDate, debit, ct);
            if (result.NewEvents.Count > 0)
            {
                scheduled.Add((collectionDate, debit));
            }
        }

        return scheduled;
    }

    private async Task PreNotifyAsync(string officeId, LegalIdentity legal, DateOnly collectionDate, Debit debit, CancellationToken ct)
    {
        var holder = (await handler.LoadAsync(Holders.Holder.Decider, Holders.Holder.StreamId(debit.HolderId), officeId, ct: ct)).State;
        if (holder.Email is null)
        {
            return;
        }

        await notifier.SendAsync(new NotificationRequest(officeId, $"marina/debit/{debit.DebitId}/pre-notification", "marina.debit-pre-notification", new
        {
            HolderName = holder.Name,
            Amount = Euros.Format(debit.Amount),
            CollectionDate = Day.French(collectionDate),
            debit.InvoiceNumber,
            debit.Rum,
            CreditorId = legal.SepaCreditorId,
            CreditorName = legal.LegalName,
        }, [holder.Email]), ct);
    }

    /// <summary>Seals the run of <paramref name="collectionDate"/> (sequence type per debit from its mandate) and returns its file.</summary>
    public async Task<DebitFile> SealAsync(string officeId, DateOnly collectionDate, CancellationToken ct)
    {
        var stream = DebitRun.StreamId(officeId, collectionDate);
        var run = await handler.LoadAsync(DebitRun.For(officeId, collectionDate), stream, officeId, mustExist: true, ct);
        if (!run.State.Sealed)
        {
            var sequences = new List<SealedDebit>();
            foreach (var d in run.State.Debits)
            {
                var mandate = (await handler.LoadAsync(Mandate.For(officeId), Mandate.StreamId(d.MandateId), officeId, mustExist: true, ct)).State;
                if (mandate.Status == MandateStatus.Lapsed)
                {
                    throw new DomainRuleViolation("mandate.lapsed", $"Le mandat {mandate.Rum} est caduc : retirez le prélèvement de la facture {d.InvoiceNumber}.", isConflict: true);
                }

                sequences.Add(new SealedDebit(d.DebitId, mandate.NextSequence));
            }

            var messageId = $"SDD-{collectionDate:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..16]}";
            run = await ToStateAsync(handler.HandleAsync(DebitRun.For(officeId, collectionDate), stream, new SealRun(messageId, messageId, sequences, time.GetUtcNow()),
                CommandContexts.ForSystem(officeId, "marina"), CommandOptions.ExistingStream, ct));
        }

        return await FileAsync(officeId, collectionDate, run.State, ct);
    }

    private static async Task<StreamState<DebitRunState>> ToStateAsync(Task<CommandResult<DebitEvent, DebitRunState>> result)
    {
        var r = await result;
        return new StreamState<DebitRunState>(r.State, r.Revision);
    }

    /// <summary>The file of a sealed run: each debit with the sequence type recorded at sealing and the mandate's account as it was then.</summary>
    public async Task<DebitFile> FileAsync(string officeId, DateOnly collectionDate, DebitRunState? run, CancellationToken ct)
    {
        run ??= (await handler.LoadAsync(DebitRun.For(officeId, collectionDate), DebitRun.StreamId(officeId, collectionDate), officeId, mustExist: true, ct)).State;
        if (!run.Sealed)
        {
            throw new DomainRuleViolation("debit.run-not-sealed", "Le fichier de cette date n'est pas encore généré.", isConflict: true);
        }

        var legal = await CreditorAsync(officeId, ct);
        var bank = legal.Bank ?? throw new DomainRuleViolation("debit.creditor-account-missing", "Le compte bancaire du port (IBAN) n'est pas renseigné.");
        var creditor = new Creditor(legal.LegalName, Identifiers.Compact(bank.Iban)!, Identifiers.Compact(bank.Bic), legal.SepaCreditorId!);
        var sealedAt = await SealedAtAsync(officeId, collectionDate, ct);
        var transactions = new List<Pain008Transaction>();
        foreach (var d in run.Debits)
        {
            var mandate = await MandateAsOfDebitAsync(officeId, d.MandateId, d.DebitId, ct);
            transactions.Add(new Pain008Transaction(
                d.DebitId, d.Amount, run.Sequences[d.DebitId], mandate.Rum, mandate.SignedOn, mandate.DebtorName, mandate.DebtorAddress!, mandate.Iban, mandate.Bic,
                mandate.IbanBeforeAmendment, $"Facture {d.InvoiceNumber}"));
        }

        var messageId = sealedAt.MessageId;
        var xml = Pain008.Write(messageId, sealedAt.At, collectionDate, creditor, transactions);
        return new DebitFile(collectionDate, messageId, $"prelevements-{collectionDate:yyyy-MM-dd}.xml", xml, transactions.Count, transactions.Sum(t => t.Amount));
    }

    private async Task<(string MessageId, DateTimeOffset At)> SealedAtAsync(string officeId, DateOnly collectionDate, CancellationToken ct)
    {
        foreach (var r in await store.ReadStreamAsync(DebitRun.StreamId(officeId, collectionDate), ReadDirection.Forwards, null, int.MaxValue, ct))
        {
            if ((await serializer.DeserializeAsync(r, ct)).Event is DebitRunSealed s)
            {
                return (s.MessageId, s.SealedAt);
            }
        }

        throw new InvalidOperationException("The run is not sealed.");
    }

    /// <summary>The mandate folded up to (not including) the record of this debit: its account then, and the amendment it announced.</summary>
    private async Task<MandateState> MandateAsOfDebitAsync(string officeId, string mandateId, string debitId, CancellationToken ct)
    {
        var decider = Mandate.For(officeId);
        var state = decider.InitialState;
        foreach (var r in await store.ReadStreamAsync(Mandate.StreamId(mandateId), ReadDirection.Forwards, null, int.MaxValue, ct))
        {
            if (r.Metadata.TenantId != officeId)
            {
                throw new NotFoundException("Mandat introuvable.");
            }

            var e = (MandateEvent)(await serializer.DeserializeAsync(r, ct)).Event;
            if (e is MandateDebited d && d.DebitId == debitId)
            {
                break;
            }

            state = decider.Evolve(state, e);
        }

        return state;
    }

    public async Task<int> SettleAsync(string officeId, DateOnly collectionDate, DateOnly today, CancellationToken ct)
    {
        var result = await handler.HandleAsync(DebitRun.For(officeId, collectionDate), DebitRun.StreamId(officeId, collectionDate),
            new SettleDebits(today, time.GetUtcNow()), CommandContexts.ForSystem(officeId, "marina"), CommandOptions.ExistingStream, ct);
        return result.NewEvents.Count;
    }

    /// <summary>A rejection or return of one debit (from a status report or entered by hand).</summary>
    public async Task<DebitRejected?> RejectAsync(string officeId, string debitId, string reasonCode, string? reason, string source, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var date = await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT collection_date FROM marina_debits WHERE office_id = @officeId AND debit_id = @debitId", new { officeId, debitId })
            ?? throw new NotFoundException($"Prélèvement {debitId} introuvable.");
        var collectionDate = Day.Parse(date);
        var code = reasonCode.Trim().ToUpperInvariant();
        var result = await handler.HandleAsync(DebitRun.For(officeId, collectionDate), DebitRun.StreamId(officeId, collectionDate),
            new RejectDebit(debitId, code, string.IsNullOrWhiteSpace(reason) ? DebitRun.ReasonText(code) : reason.Trim(), source, time.GetUtcNow()),
            CommandContexts.ForSystem(officeId, "marina"), CommandOptions.ExistingStream, ct);
        return result.NewEvents.OfType<DebitRejected>().FirstOrDefault();
    }

    /// <summary>Applies a pain.002 status report: each rejected transaction (or every transaction of a rejected message) is rejected.</summary>
    public async Task<(int Rejected, IReadOnlyList<string> Unknown)> ImportStatusReportAsync(string officeId, Stream xml, CancellationToken ct)
    {
        var rejections = Pain002.ReadRejections(xml);
        await using var connection = await connections.OpenAsync(ct);
        var rejected = 0;
        var unknown = new List<string>();
        foreach (var r in rejections)
        {
            var debitIds = (await connection.QueryAsync<string>(
                """
                SELECT debit_id FROM marina_debits WHERE office_id = @officeId AND message_id = @OriginalMessageId
                  AND (@EndToEndId IS NULL OR debit_id = @EndToEndId)
                """,
                new { officeId, r.OriginalMessageId, r.EndToEndId })).ToList();
            if (debitIds.Count == 0)
            {
                unknown.Add(r.EndToEndId ?? r.OriginalMessageId);
                continue;
            }

            foreach (var debitId in debitIds)
            {
                if (await RejectAsync(officeId, debitId, r.ReasonCode, null, "pain.002", ct) is not null)
                {
                    rejected++;
                }
            }
        }

        return (rejected, unknown);
    }

    private async Task<LegalIdentity> CreditorAsync(string officeId, CancellationToken ct)
    {
        var legal = (await offices.GetOfficeAsync(officeId, ct))?.Legal;
        return legal is { SepaCreditorId: { } ics } && Identifiers.IsValidSepaCreditorId(ics)
            ? legal
            : throw new DomainRuleViolation("debit.creditor-id-invalid", "Le port n'a pas d'identifiant créancier SEPA (ICS) valide : renseignez-le dans l'identité de l'office.");
    }
}
