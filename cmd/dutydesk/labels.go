package main

import (
	"context"
	"fmt"
	"io"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
)

// labelsAbout says what `dutydesk labels` prints.
const labelsAbout = "Every message whose level someone on the team judged (the ! key), as a line\n" +
	"<level> TAB <message>, the format of risk/testdata/inbound.tsv. Where a message was\n" +
	"judged more than once the last judgement stands. The lines hold the public's words:\n" +
	"keep the file as you keep the desk's store."

// runLabels implements `dutydesk labels`: the team's judgements of messages'
// levels (the ! key), as labelled examples in the corpus format of
// risk/testdata/inbound.tsv, for whoever trains the urgency classifier.
func runLabels(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	flags := newFlags("labels", stderr)
	configPath, dbPath := storeFlags(flags)
	if code, ok := parseFlagsOnly("labels", flags, args, stdout, stderr); !ok {
		return code
	}
	fail := failTo(stderr)
	cfg, err := config.LoadOptional(*configPath)
	if err != nil {
		return fail(err)
	}
	d, closeDesk, err := app.OpenToRead(context.Background(), cfg, cfg.DeskPath(*dbPath))
	if err != nil {
		return fail(err)
	}
	defer closeDesk()
	evs, err := d.Events(0)
	if err != nil {
		return fail(fmt.Errorf("read the stored events: %w", err))
	}
	js, err := desk.Judgements(evs)
	if err != nil {
		return fail(err)
	}
	if err := desk.WriteLabels(stdout, js); err != nil {
		return fail(err)
	}
	return 0
}
