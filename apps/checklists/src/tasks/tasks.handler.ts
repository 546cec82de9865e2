import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CHECKLISTS_REQUESTS, ProgressInput, RequestContext, TaskInput, TaskListTransition } from '@cadre/contracts';
import type { OverdueTasksQuery, PrioritiesQuery, TaskListQuery, UpdatePrioritiesCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { TasksService } from './tasks.service';

/** The request patterns of TasksService; the gateway has validated the payloads. */
@Controller()
export class TasksHandler {
  constructor(private readonly tasksService: TasksService) {}

  @MessagePattern(CHECKLISTS_REQUESTS.priorities)
  priorities(@Payload() payload: PrioritiesQuery, @Caller() ctx: RequestContext) {
    return this.tasksService.priorities(payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.updatePriorities)
  updatePriorities(@Payload() payload: UpdatePrioritiesCommand, @Caller() ctx: RequestContext) {
    return this.tasksService.updatePriorities(payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.addTask)
  addTask(@Payload() input: TaskInput, @Caller() ctx: RequestContext) {
    return this.tasksService.addTask(input, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.taskList)
  get(@Payload() payload: TaskListQuery, @Caller() ctx: RequestContext) {
    return this.tasksService.get(payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.overdueTasks)
  overdue(@Payload() payload: OverdueTasksQuery, @Caller() ctx: RequestContext) {
    return this.tasksService.overdue(payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.transition)
  transition(@Payload() command: TaskListTransition, @Caller() ctx: RequestContext) {
    return this.tasksService.transition(command, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.progress)
  progress(@Payload() input: ProgressInput, @Caller() ctx: RequestContext) {
    return this.tasksService.progress(input, ctx);
  }
}
